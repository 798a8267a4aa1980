/**
 * Differencing across periods (issue 11): cells are area × month, so a period's figure is a sum
 * of protected months, and two overlapping periods (Apr–Mar, Apr–Feb) differ by the protected
 * March, never by a count of 1–7. Run through runDatasetIn against a small in-memory warehouse.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUBLIC_SCOPE, scopeFor, type Scope } from '../../../src/lib/server/auth/scope.ts';
import { CATALOGUE } from '../../../src/lib/server/catalogue.ts';
import { DuckDBDialect } from '../../../src/lib/server/duckdb/dialect.ts';
import { runDatasetIn } from '../../../src/lib/server/run-dataset.ts';
import type { Marts } from '../../../src/lib/server/schema.ts';
import type { Snapshot } from '../../../src/lib/server/snapshot.ts';

let db: Kysely<Marts>;
const fresh = (): Snapshot => ({ name: 't', db, cache: new Map(), pinned: new Set(), warming: false });

// one ICB with one PCN: 10 GP referrals a month April to February, 5 in March
const MONTHS = [
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
  '2024-10',
  '2024-11',
  '2024-12',
  '2025-01',
  '2025-02',
  '2025-03',
];

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`create schema marts;
    create table marts._snapshot as select '2025-04-01' as published_at, 't' as snapshot_name, '2025-03-31' as data_as_of;
    create table marts.areas as select 'U00001' as pcn_code, 'A PCN' as pcn_name, 'S01' as sub_icb_code, 'Sub' as sub_icb_name,
      'QAA' as icb_code, 'An ICB' as icb_name, 'Y01' as region_code, 'A region' as region_name, 1 as practices,
      50000 as registered_patients, '2024' as registered_patients_year, true as is_current;
    create table marts.referrals_monthly (month DATE, pcn_code VARCHAR, sub_icb_code VARCHAR, icb_code VARCHAR,
      region_code VARCHAR, referral_route VARCHAR, snomed_status VARCHAR, age_band VARCHAR, sex VARCHAR,
      ethnic_group VARCHAR, imd_decile INTEGER, referrals INTEGER);`);
  for (const m of MONTHS)
    await c.run(
      `insert into marts.referrals_monthly values ('${m}-01', 'U00001', 'S01', 'QAA', 'Y01', 'gp', 'accepted', '18-24', 'F', 'White', 5, ${m === '2025-03' ? 5 : 10})`,
    );
  c.closeSync();
  db = new Kysely<Marts>({ dialect: new DuckDBDialect(instance) });
});
afterAll(() => db.destroy());
afterEach(() => vi.unstubAllEnvs());

const viewer = scopeFor({ name: 'v', role: 'viewer', icbs: [] });
const icbUser = scopeFor({ name: 'i', role: 'icb', icbs: ['QAA'] });

async function gp(scope: Scope, from: string, to: string) {
  const t = await runDatasetIn(
    fresh(),
    CATALOGUE['referrals-by-route'],
    { area: { level: 'E', code: 'E' }, from, to, instrument: null },
    scope,
  );
  return t.rows.find((r) => r.group === 'gp')?.referrals as number | null;
}

describe('overlapping periods', () => {
  it.each([
    ['public (cell: England × month)', PUBLIC_SCOPE],
    ['viewer (cell: ICB × month)', viewer],
    ['ICB user (cell: PCN × month)', icbUser],
  ])('%s: Apr–Mar less Apr–Feb is the protected March (suppressed: 0), not 5', async (_, scope) => {
    const year = await gp(scope, '2024-04', '2025-03');
    const elevenMonths = await gp(scope, '2024-04', '2025-02');
    expect(year).toBe(110); // 11 × 10, March's 5 left out
    expect(elevenMonths).toBe(110);
    const difference = (year ?? 0) - (elevenMonths ?? 0);
    expect(difference >= 1 && difference <= 7).toBe(false);
  });

  it('the unprotected control run (cells by area over the period) gives the 5 away', async () => {
    vi.stubEnv('SPO_DISCLOSURE_UNPROTECTED', '1');
    expect((await gp(viewer, '2024-04', '2025-03'))! - (await gp(viewer, '2024-04', '2025-02'))!).toBe(5);
  });

  it('administrators stay as before: the area over the period, protected once', async () => {
    const admin = scopeFor({ name: 'a', role: 'admin', icbs: [] });
    expect(await gp(admin, '2024-04', '2025-03')).toBe(115);
  });
});
