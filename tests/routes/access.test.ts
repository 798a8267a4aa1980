/**
 * Access rates per 1,000 residents and GP social prescribing appointments, through the datasets
 * (the release path included) over a published snapshot. Expected values come from the reference
 * files read here on their own (Census 2021, the ONS and HEEC lookups, NHS England's GPAD table).
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
const dataset = (id: Parameters<typeof runDataset>[0], query: string) =>
  runDataset(id, parseFilters(new URLSearchParams(query)), admin);

let dir: string;
let db: Database;

const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
/** 2023/24 at A81001 (Stockton PCN, ICB QHM): 20 a month in E01012020 (white), 5 a month in E01033018 (asian). */
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = i + 4;
  return m > 12 ? `2024-${String(m - 12).padStart(2, '0')}` : `2023-${String(m).padStart(2, '0')}`;
});
const ROWS = MONTHS.flatMap((m) => [
  ...Array.from(
    { length: 20 },
    (_, i) =>
      `W${m}-${i},PW${m}${i},A81001,${m}-10,gp,mental_wellbeing,871731000000106,,,,,,35-44,female,white,E01012020`,
  ),
  ...Array.from(
    { length: 5 },
    (_, i) =>
      `A${m}-${i},PA${m}${i},A81001,${m}-12,gp,mental_wellbeing,871731000000106,,,,,,35-44,male,asian,E01033018`,
  ),
]);

let census: Record<string, string>[];
let imd: Map<string, number>;

beforeAll(async () => {
  census = (await readReference('census2021_ethnic_group_lsoa21.csv')).filter((r) =>
    r.lsoa21_code.startsWith('E01'),
  );
  imd = new Map(
    (await readReference('IMD2019_File1_Index_of_Multiple_Deprivation_LSOA11.csv')).map((r) => [
      r['LSOA code (2011)'],
      Number(r['Index of Multiple Deprivation (IMD) Decile']),
    ]),
  );
  dir = await mkdtemp(join(tmpdir(), 'spo-access-'));
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'access.test' });
  const referrals = join(dir, 'referrals_2023.csv');
  await writeFile(referrals, [HEADER, ...ROWS, ''].join('\n'));
  const reports = await loadPaths([referrals], { db, runBy: 'access.test' });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 180_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

const censusSum = (group: string, rows = census) => rows.reduce((s, r) => s + Number(r[group]), 0);

describe('access-by-ethnicity', () => {
  it("England: residents per group are the Census file's, and the rate is worked by hand", async () => {
    const table = await dataset('access-by-ethnicity', 'from=2023-04&to=2024-03');
    const white = table.rows.find((r) => r.ethnic_group === 'white')!;
    const asian = table.rows.find((r) => r.ethnic_group === 'asian')!;
    expect(white.population).toBe(censusSum('white'));
    expect(asian.population).toBe(censusSum('asian'));
    expect(censusSum('all_usual_residents')).toBe(56_490_108);
    // 240 referrals in a year among England's white residents, per 1,000
    expect(white.referrals).toBe(240);
    expect(white.rate_per_1000).toBeCloseTo(Number(((240 / censusSum('white')) * 1000).toFixed(1)), 5);
    expect(asian.referrals).toBe(60);
  });

  it("an ICB's residents are those of the LSOAs whose 2020 CCG HEEC places in it", async () => {
    const lookup = await readReference('LSOA11_LSOA21_LAD22_lookup_EW.csv');
    const ccgOf = new Map(
      (await readReference('ONS_LSOA11_CCG20_LAD20_Apr2020_lookup.csv')).map((r) => [r.LSOA11CD, r.CCG20CDH]),
    );
    const icbOf = new Map(
      (await readReference('HEEC_CCG_ICB_code.csv')).map((r) => [r['CCG Code'], r['ICB Code']]),
    );
    // a 2021 LSOA takes the CCG of its first 2011 parent (by code)
    const parent = new Map<string, string>();
    for (const r of lookup.sort((a, b) => a.LSOA11CD.localeCompare(b.LSOA11CD)))
      if (!parent.has(r.LSOA21CD)) parent.set(r.LSOA21CD, r.LSOA11CD);
    const inQhm = census.filter((r) => icbOf.get(ccgOf.get(parent.get(r.lsoa21_code)!)!) === 'QHM');
    const table = await dataset('access-by-ethnicity', 'area=ICB:QHM&from=2023-04&to=2024-03');
    for (const group of ['asian', 'black', 'mixed', 'white', 'other'])
      expect(table.rows.find((r) => r.ethnic_group === group)?.population, group).toBe(
        censusSum(group, inQhm),
      );
  });
});

describe('access-by-deprivation', () => {
  it('England: deciles add up to every resident; the referrals sit in their LSOA’s decile', async () => {
    const table = await dataset('access-by-deprivation', 'from=2023-04&to=2024-03');
    const deciles = table.rows.filter((r) => r.imd_decile !== 'unknown');
    expect(deciles).toHaveLength(10);
    expect(deciles.reduce((s, r) => s + Number(r.population), 0)).toBe(56_490_108);
    const d = String(imd.get('E01012020'));
    const row = table.rows.find((r) => r.imd_decile === d)!;
    expect(row.referrals).toBeGreaterThanOrEqual(240);
    expect(row.rate_per_1000).toBeCloseTo(
      Number(((Number(row.referrals) / Number(row.population)) * 1000).toFixed(1)),
      5,
    );
  });

  it('a PCN has referrals but no residents, so no rate', async () => {
    const table = await dataset('access-by-deprivation', 'area=PCN:U89141&from=2023-04&to=2024-03');
    expect(table.rows.length).toBeGreaterThan(0);
    for (const r of table.rows) expect(r).toMatchObject({ population: null, rate_per_1000: null });
  });

  it('access-inequality: Core20 share of residents from the Census, referrals from the deciles', async () => {
    const table = await dataset('access-inequality', 'from=2023-04&to=2024-03');
    const rows = (await dataset('access-by-deprivation', 'from=2023-04&to=2024-03')).rows;
    const pop = (d: string) => Number(rows.find((r) => r.imd_decile === d)!.population);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].core20_population_share).toBeCloseTo((pop('1') + pop('2')) / 56_490_108, 3);
    // only deciles holding the two LSOAs have referrals: the rest are 0 → an SII exists
    expect(typeof table.rows[0].sii).toBe('number');
  });
});

describe('gp-social-prescribing-appointments', () => {
  it("England's months are NHS England's published counts, per 1,000 patients at included practices", async () => {
    const published = await readReference('gpad/gpad_england_monthly.csv');
    const value = (month: string, measure: string) =>
      Number(published.find((r) => r.month === month && r.measure === measure)!.value);
    const table = await dataset('gp-social-prescribing-appointments', 'from=2022-12&to=2025-05');
    expect(table.rows).toHaveLength(30);
    for (const row of table.rows) {
      const month = String(row.month);
      const sp = value(month, 'Social Prescribing Service');
      const patients = value(month, 'Registered patients at included practices');
      expect(row.appointments, month).toBe(sp);
      expect(row.registered_patients, month).toBe(patients);
      expect(row.per_1000_patients, month).toBeCloseTo(Number(((sp / patients) * 1000).toFixed(2)), 5);
    }
    // May 2025: 111,960 among 63,681,701 = 1.76 per 1,000
    expect(table.rows.at(-1)).toMatchObject({
      month: '2025-05',
      appointments: 111_960,
      per_1000_patients: 1.76,
    });
  });

  it('an ICB has May 2025 only', async () => {
    const table = await dataset('gp-social-prescribing-appointments', 'area=ICB:QHM&from=2022-12&to=2025-05');
    expect(table.rows.map((r) => r.month)).toEqual(['2025-05']);
  });

  it("every ICB and sub-ICB shows NHS England's published May 2025 count (Table 3f), whatever the period", async () => {
    const published = (await readReference('gpad/gpad_2025-05_by_area_and_category.csv')).filter(
      (r) => r.national_category === 'Social Prescribing Service' && r.area_type !== 'National',
    );
    const level = { Region: 'REGION', ICB: 'ICB', 'Sub ICB Location': 'SICBL' } as Record<string, string>;
    const areas = published.filter((r) => r.area_type !== 'Region');
    expect(areas.filter((r) => r.area_type === 'ICB')).toHaveLength(42);
    expect(areas.filter((r) => r.area_type === 'Sub ICB Location')).toHaveLength(106);
    for (const r of areas) {
      const area = `${level[r.area_type]}:${r.nhs_area_code}`;
      // the referrals here end in March 2024: the one published month is shown all the same
      const table = await dataset(
        'gp-social-prescribing-appointments',
        `area=${area}&from=2023-04&to=2024-03`,
      );
      expect(table.rows, area).toHaveLength(1);
      expect(table.rows[0], area).toMatchObject({ month: '2025-05', appointments: Number(r.appointments) });
      expect(table.rows[0].registered_patients, area).toBeGreaterThan(0);
    }
    // England stays within the period: its months up to March 2024
    const england = await dataset('gp-social-prescribing-appointments', 'from=2023-04&to=2024-03');
    expect(england.rows.at(-1)?.month).toBe('2024-03');
  });
});
