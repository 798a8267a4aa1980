/**
 * Demand against supply on a warehouse built here: accepted referrals at A81001 rising by exactly
 * 5 a month (October 2021 – September 2022, all multiples of 5 and ≥ 8, so protection leaves them
 * as they are), and NHS Digital's published PCN workforce (to September 2022). The forecast is
 * worked by hand from the counts; capacity from the workforce dataset's FTE.
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
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';

const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });
const dataset = (id: Parameters<typeof runDataset>[0], query: string) =>
  runDataset(id, parseFilters(new URLSearchParams(query)), admin);

const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
/** October 2021 – September 2022: month i (0–11) has 20 + 5i accepted referrals. */
const MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = i + 10;
  return m > 12 ? `2022-${String(m - 12).padStart(2, '0')}` : `2021-${String(m).padStart(2, '0')}`;
});
const ROWS = MONTHS.flatMap((m, i) =>
  Array.from(
    { length: 20 + 5 * i },
    (_, j) =>
      `R${m}-${j},P${m}${j},A81001,${m}-10,gp,mental_wellbeing,871731000000106,,,,,,35-44,female,white,E01012020`,
  ),
);

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-demand-'));
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'demand.test' });
  const referrals = join(dir, 'referrals_2022.csv');
  await writeFile(referrals, [HEADER, ...ROWS, ''].join('\n'));
  const reports = await loadPaths([referrals, join(REFERENCE_DIR, 'pcn_workforce')], {
    db,
    runBy: 'demand.test',
  });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 240_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('demand-supply', () => {
  it('forecasts the mean of the last 3 months with its one-step errors, and capacity is FTE × 200–250 a year', async () => {
    const table = await dataset('demand-supply', 'from=2021-10&to=2022-09');
    const observed = table.rows.filter((r) => r.series === 'observed');
    const forecast = table.rows.filter((r) => r.series === 'forecast');
    expect(observed.map((r) => r.referrals)).toEqual(MONTHS.map((_, i) => 20 + 5 * i));
    expect(forecast.map((r) => r.month)).toEqual([
      ...['10', '11', '12'].map((m) => `2022-${m}`),
      ...Array.from({ length: 9 }, (_, i) => `2023-0${i + 1}`),
    ]);
    // the last 3 months are 65, 70, 75 → 70 at every horizon; each month from the 4th is 10 above
    // the mean of the 3 before it (rising by 5), so the RMSE is 10 and the interval 70 ± 19.60:
    // 50.40 to 89.60, shown to whole referrals
    forecast.forEach((r) => {
      expect(r.forecast).toBe(70);
      expect(r.lower).toBe(50);
      expect(r.upper).toBe(90);
      expect(r.referrals).toBeNull();
    });
    // England's FTE in September 2022 as the workforce dataset reports it, held for the forecast
    const workforce = (await dataset('workforce', 'from=2022-09&to=2022-09')).rows;
    const fte = Number(workforce.find((r) => String(r.month).startsWith('2022-09'))!.fte);
    expect(fte).toBeGreaterThan(1000);
    for (const r of forecast) {
      expect(r.capacity_low).toBe(Math.round((fte * 200) / 12));
      expect(r.capacity_high).toBe(Math.round((fte * 250) / 12));
    }
    expect(observed.at(-1)!.capacity_low).toBe(Math.round((fte * 200) / 12));
  });
});

describe('referral-backlog', () => {
  it('counts the referrals waiting at each month end by the wait so far, worked by hand', async () => {
    // nobody is contacted and no episode ends: at the end of month i every referral up to then
    // waits. Referred on the 10th: at the month's end 18–21 days (15-28), a month on 49–52 days
    // (29-56), older 57+. The data date is 10 September 2022, so August 2022 is the last month end.
    const table = await dataset('referral-backlog', 'from=2021-10&to=2022-09');
    const months = [...new Set(table.rows.map((r) => r.month))];
    expect(months).toEqual(MONTHS.slice(0, 11));
    const n = (i: number) => 20 + 5 * i;
    MONTHS.slice(0, 11).forEach((m, i) => {
      const at = (wait: string) =>
        Number(table.rows.find((r) => r.month === m && r.wait === wait)?.referrals ?? 0);
      expect(at('15-28'), m).toBe(n(i));
      expect(at('29-56'), m).toBe(i >= 1 ? n(i - 1) : 0);
      expect(at('57+'), m).toBe(
        Array.from({ length: Math.max(0, i - 1) }, (_, k) => n(k)).reduce((a, b) => a + b, 0),
      );
      expect(at('0-7') + at('8-14'), m).toBe(0);
    });
  });
});
