/**
 * National context for health-care use (issue 15): the area's referrals per 1,000 registered
 * patients a month beside NHS England's GP social prescribing appointments per 1,000, through the
 * dataset (the release path included) over a published snapshot. Expected values come from the
 * reference files read here on their own: NHS England's GPAD tables (England monthly, areas for
 * May 2025) and the GPAD coverage file with the practice map (the ICB's registered list).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';
import { readReference } from '../warehouse/read-reference.ts';

const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });
const dataset = (query: string) =>
  runDataset('sp-activity-context', parseFilters(new URLSearchParams(query)), admin);

const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
/** At A81001 (Stockton PCN, ICB QHM): 40 referrals in April 2025, 25 in May 2025. */
const ROWS = [
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `RA${i},PA${i},A81001,2025-04-10,gp,mental_wellbeing,871731000000106,,,,,,35-44,female,white,E01012020`,
  ),
  ...Array.from(
    { length: 25 },
    (_, i) =>
      `RM${i},PM${i},A81001,2025-05-12,gp,mental_wellbeing,871731000000106,,,,,,35-44,male,white,E01012020`,
  ),
];

let dir: string;
let db: Database;
let englandMonthly: Record<string, string>[];
let byArea: Record<string, string>[];
let coverage: Record<string, string>[];
let practiceMap: Record<string, string>[];

beforeAll(async () => {
  englandMonthly = await readReference('gpad/gpad_england_monthly.csv');
  byArea = await readReference('gpad/gpad_2025-05_by_area_and_category.csv');
  coverage = await readReference('APPOINTMENTS_GP_COVERAGE_2023-02_2025-07.csv');
  practiceMap = await readReference('gp-reg-pat-prac-map_Oct2025.csv');
  dir = await mkdtemp(join(tmpdir(), 'spo-sp-activity-context-'));
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'sp-activity-context.test' });
  const referrals = join(dir, 'referrals_2025.csv');
  await writeFile(referrals, [HEADER, ...ROWS, ''].join('\n'));
  const reports = await loadPaths([referrals], { db, runBy: 'sp-activity-context.test' });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 180_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** England's published rate per 1,000 for a month (Table 1a: appointments ÷ patients at included practices). */
function englandRate(month: string): number {
  const value = (measure: string) =>
    Number(englandMonthly.find((r) => r.month === month && r.measure === measure)!.value);
  return (value('Social Prescribing Service') / value('Registered patients at included practices')) * 1000;
}

/** Patients at open (or included) practices of the ICB's sub-ICBs in a month (`2025-05` → `01MAY2025`). */
function icbList(month: string, icb: string, practices: 'open' | 'included' = 'open'): number {
  const names = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ');
  const label = `01${names[Number(month.slice(5, 7)) - 1]}${month.slice(0, 4)}`;
  const subIcbs = new Set(practiceMap.filter((p) => p.ICB_CODE === icb).map((p) => p.SUB_ICB_LOCATION_CODE));
  const rows = coverage.filter((r) => r.Appointment_Month === label && subIcbs.has(r.SUB_ICB_LOCATION_CODE));
  expect(rows.length).toBeGreaterThan(0);
  return rows.reduce((s, r) => s + Number(r[`Patients registered at ${practices} practices`]), 0);
}

describe('sp-activity-context', () => {
  it('England: NHS England’s published rate each month beside the referrals per 1,000 patients that month', async () => {
    const table = await dataset('from=2025-04&to=2025-05');
    expect(table.rows.map((r) => r.month)).toEqual(['2025-04', '2025-05']);
    for (const row of table.rows) {
      const month = String(row.month);
      expect(row.sp_appointments_area).toBe('England');
      expect(row.sp_appointments_per_1000, month).toBeCloseTo(Number(englandRate(month).toFixed(2)), 5);
    }
    // May 2025: 111,960 among 63,681,701 = 1.76 per 1,000 (as the Referrals page's dataset)
    expect(table.rows[1].sp_appointments_per_1000).toBe(1.76);
    expect(table.rows.map((r) => r.referrals)).toEqual([40, 25]);
  });

  it('an ICB: its own published figure in May 2025, England’s (said so) in April, and its referrals per 1,000 of its own list', async () => {
    const table = await dataset('area=ICB:QHM&from=2025-04&to=2025-05');
    const [april, may] = table.rows;
    expect(april).toMatchObject({ month: '2025-04', sp_appointments_area: 'England', referrals: 40 });
    expect(april.sp_appointments_per_1000).toBeCloseTo(Number(englandRate('2025-04').toFixed(2)), 5);
    expect(may).toMatchObject({ month: '2025-05', referrals: 25 });
    expect(may.sp_appointments_area).not.toBe('England');
    // the ICB's published appointments (Table 3f) over the patients at its included practices
    const published = byArea.find(
      (r) =>
        r.area_type === 'ICB' &&
        r.nhs_area_code === 'QHM' &&
        r.national_category === 'Social Prescribing Service',
    )!;
    // 9,581 appointments over the patients at the ICB's practices included in the count
    expect(Number(published.appointments)).toBe(9581);
    const rate = (Number(published.appointments) / icbList('2025-05', 'QHM', 'included')) * 1000;
    expect(may.sp_appointments_per_1000).toBeCloseTo(Number(rate.toFixed(2)), 5);
    for (const [row, month, referrals] of [
      [april, '2025-04', 40],
      [may, '2025-05', 25],
    ] as const) {
      const list = icbList(month, 'QHM');
      expect(row.registered_patients, month).toBe(list);
      expect(row.referrals_per_1000, month).toBeCloseTo(Number(((referrals / list) * 1000).toFixed(2)), 5);
    }
  });

  it('a PCN: England’s figure only (NHS England publishes none for PCNs)', async () => {
    const table = await dataset('area=PCN:U89141&from=2025-05&to=2025-05');
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]).toMatchObject({ sp_appointments_area: 'England', sp_appointments_per_1000: 1.76 });
  });
});
