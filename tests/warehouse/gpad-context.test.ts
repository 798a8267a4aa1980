import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference } from '../../pipelines/load/load-paths.ts';
import { splitCsvLine } from '../../pipelines/load/read-header.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';

/**
 * The national context of health-care use (issue 15): NHS England's published "Social Prescribing
 * Service" appointments, loaded as reference data. Every expected value is read here from the
 * published files themselves with a plain CSV split, not through the warehouse.
 */
async function csv(file: string) {
  const text = (await readFile(join(REFERENCE_DIR, file), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const names = splitCsvLine(header, ',');
  return lines.map((l) => {
    const f = splitCsvLine(l, ',');
    return Object.fromEntries(names.map((n, i) => [n, f[i]])) as Record<string, string>;
  });
}

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-gpad-'));
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  const reports = await loadBundledReference({ db, runBy: 'gpad-context.test' });
  expect(reports.filter((r) => r.rowsRejected > 0 || r.status === 'rejected')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 180_000);
afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Social Prescribing Service appointments (GPAD)', () => {
  it('holds England’s published monthly count and patients at included practices', async () => {
    const published = await csv('gpad_england_monthly.csv');
    const value = (month: string, measure: string) =>
      Number(published.find((r) => r.month === month && r.measure === measure)!.value);
    const rows = await db.all<{ month: string; appointments: number; registered_patients: number }>(
      `select month, appointments, registered_patients from marts.gpad_social_prescribing
       where area_type = 'england' order by month`,
    );
    expect(rows.length).toBe(new Set(published.map((r) => r.month)).size);
    for (const r of rows) {
      const m = r.month.slice(0, 7);
      expect(r.appointments, m).toBe(value(m, 'Social Prescribing Service'));
      expect(r.registered_patients, m).toBe(value(m, 'Registered patients at included practices'));
    }
  });

  it('holds each ICB’s May 2025 count, with its patients at included practices from the coverage file', async () => {
    const areas = (await csv('gpad_2025-05_by_area_and_category.csv')).filter(
      (r) => r.area_type === 'ICB' && r.national_category === 'Social Prescribing Service',
    );
    const coverage = (await csv('APPOINTMENTS_GP_COVERAGE_2023-02_2025-07.csv')).filter(
      (r) => r.Appointment_Month === '01MAY2025',
    );
    const rows = await db.all<{ area_code: string; appointments: number; registered_patients: number }>(
      `select area_code, appointments, registered_patients from marts.gpad_social_prescribing
       where area_type = 'icb' and month = DATE '2025-05-01'`,
    );
    expect(rows.length).toBe(areas.length);
    expect(rows.length).toBe(42);
    for (const a of areas) {
      const row = rows.find((r) => r.area_code === a.nhs_area_code)!;
      expect(row.appointments, a.name).toBe(Number(a.appointments));
      const patients = coverage
        .filter((c) => c.ICB_ONS_CODE === a.ons_code)
        .reduce((s, c) => s + Number(c['Patients registered at included practices']), 0);
      expect(row.registered_patients, a.name).toBe(patients);
    }
  });

  it('releases the rate per 1,000 patients for England and the ICB asked for (the dataset the page shows)', async () => {
    const viewer = scopeFor({ name: 'test viewer', role: 'viewer', icbs: [] });
    const areas = await csv('gpad_2025-05_by_area_and_category.csv');
    const icb = areas.find(
      (r) => r.area_type === 'ICB' && r.national_category === 'Social Prescribing Service',
    )!;
    const patients = (await csv('APPOINTMENTS_GP_COVERAGE_2023-02_2025-07.csv'))
      .filter((c) => c.Appointment_Month === '01MAY2025' && c.ICB_ONS_CODE === icb.ons_code)
      .reduce((s, c) => s + Number(c['Patients registered at included practices']), 0);
    const table = await runDataset(
      'social-prescribing-appointments',
      parseFilters(new URLSearchParams(`area=ICB:${icb.nhs_area_code}`)),
      viewer,
    );
    const own = table.rows.filter((r) => r.area !== 'England');
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ month: '2025-05', appointments: Number(icb.appointments) });
    expect(own[0].per_1000).toBe(Math.round((Number(icb.appointments) / patients) * 1000 * 100) / 100);
    const may = table.rows.find((r) => r.area === 'England' && r.month === '2025-05')!;
    // England, May 2025: 111,960 appointments, read from the published table, over its patients
    const published = await csv('gpad_england_monthly.csv');
    const v = (m: string) => Number(published.find((r) => r.month === '2025-05' && r.measure === m)!.value);
    expect(may.per_1000).toBe(
      Math.round(
        (v('Social Prescribing Service') / v('Registered patients at included practices')) * 100_000,
      ) / 100,
    );
  });
});
