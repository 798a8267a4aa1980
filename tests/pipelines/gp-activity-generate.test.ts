import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { generate } from '../../pipelines/generate/generate.ts';
import { WINDOW_MONTHS_ALLOWED, type GpActivityManifest } from '../../pipelines/generate/gp-activity.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { settings } from '../../src/lib/config/settings.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';

/**
 * Recovery of a planted effect (issue 15): the generator writes a gp_activity extract in which
 * people are referred at a peak of need (regression to the mean, shared by their matched
 * comparisons) and social prescribing lowers the referred cohort's GP use by a known amount
 * (manifest.json). Loaded, built and published like any delivery, the released `healthcare-use`
 * row for England has a 95% interval that covers the planted effect, and the uncontrolled
 * before–after change, which carries the regression to the mean, does not.
 */
const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });
let dir: string;
let db: Database;
let planted: GpActivityManifest;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-gp-activity-generate-'));
  const out = join(dir, 'extracts');
  const { manifestPath } = await generate({
    outDir: out,
    referrals: 12_000,
    months: 12,
    from: '2024-01',
    seed: 11,
    messy: false,
  });
  planted = (JSON.parse(await readFile(manifestPath, 'utf8')) as { healthcareUse: GpActivityManifest })
    .healthcareUse;
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'gp-activity-generate.test' });
  const reports = await loadPaths([out], { db, runBy: 'gp-activity-generate.test' });
  expect(reports.filter((r) => r.extract === 'gp_activity').map((r) => [r.status, r.rowsRejected])).toEqual([
    ['loaded', 0],
  ]);
  await build(db);
  await publish(db, file);
}, 300_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('healthcare-use over generated extracts', () => {
  it('records the planted effect and the regression to the mean in manifest.json', () => {
    expect(planted.peopleReferred).toBeGreaterThan(1000);
    // −3 × 0.33 × e^0.125 GP appointments per person per quarter, and the naive change far larger
    expect(planted.plantedPerPersonPerQuarter.gp_appointments).toBeCloseTo(-3 * 0.33 * Math.exp(0.125), 10);
    expect(planted.expectedNaivePerPersonPerQuarter.gp_appointments).toBeLessThan(
      2 * planted.plantedPerPersonPerQuarter.gp_appointments,
    );
  });

  it('covers the planted effect with the interval, and the naive change does not', async () => {
    const table = await runDataset(
      'healthcare-use',
      parseFilters(new URLSearchParams('from=2024-01&to=2024-12')),
      admin,
    );
    const gp = table.rows.find((r) => r.measure === 'gp_appointments')!;
    const effect = planted.plantedPerPersonPerQuarter.gp_appointments;
    expect(gp.people_referred).toBeGreaterThan(500);
    expect(gp.people_comparison).toBeGreaterThan(500);
    expect(gp.lower as number).toBeLessThanOrEqual(effect);
    expect(gp.upper as number).toBeGreaterThanOrEqual(effect);
    // the estimate is informative, not an interval wide enough to cover anything
    expect((gp.upper as number) - (gp.lower as number)).toBeLessThan(0.6);
    expect(gp.naive_upper as number).toBeLessThan(effect);
    // and the naive change is what regression to the mean plus the effect predicts
    const naive = planted.expectedNaivePerPersonPerQuarter.gp_appointments;
    expect(gp.naive_lower as number).toBeLessThanOrEqual(naive + 0.15);
    expect(gp.naive_upper as number).toBeGreaterThanOrEqual(naive - 0.15);
  });

  it('breaks the estimate down by deprivation quintile and referral reason, quintiles adding up to the whole', async () => {
    const filters = parseFilters(new URLSearchParams('from=2024-01&to=2024-12'));
    const whole = (await runDataset('healthcare-use', filters, admin)).rows.find(
      (r) => r.measure === 'gp_appointments',
    )!;
    const byGroup = (await runDataset('healthcare-use-by-group', filters, admin)).rows.filter(
      (r) => r.measure === 'gp_appointments',
    );
    const quintiles = byGroup.filter((r) => r.group_type === 'imd_quintile');
    // every referred person of the extract has a referral (the generator samples them from it)
    expect(quintiles.map((r) => r.group).slice(0, 5)).toEqual(['1', '2', '3', '4', '5']);
    for (const cohort of ['people_referred', 'people_comparison']) {
      const sum = quintiles.reduce((t, r) => t + (r[cohort] as number), 0);
      // each group's count is rounded to 5 (admin: one cell each), so within 2.5 a group
      expect(Math.abs(sum - (whole[cohort] as number))).toBeLessThanOrEqual(2.5 * (quintiles.length + 1));
    }
    for (const q of quintiles.slice(0, 5)) {
      expect(q.did_per_person_per_quarter, `quintile ${String(q.group)}`).toEqual(expect.any(Number));
      expect(q.lower as number).toBeLessThan(q.upper as number);
    }
    // reasons: the generator's, each a group; they overlap, so their people add up to more than the whole
    const reasons = byGroup.filter((r) => r.group_type === 'referral_reason');
    expect(reasons.length).toBeGreaterThan(3);
    expect(reasons.reduce((t, r) => t + ((r.people_referred as number | null) ?? 0), 0)).toBeGreaterThan(
      whole.people_referred as number,
    );
  });

  it('shows the peak of need in the event study, in both cohorts', async () => {
    const table = await runDataset(
      'healthcare-use-event-study',
      parseFilters(new URLSearchParams('from=2024-01&to=2024-12')),
      admin,
    );
    const at = (cohort: string, m: number) =>
      table.rows.find(
        (r) => r.measure === 'gp_appointments' && r.cohort === cohort && r.relative_month === m,
      )!.mean_per_person as number;
    for (const cohort of ['referred', 'comparison'])
      expect(at(cohort, 0)).toBeGreaterThan(2 * at(cohort, -12));
    expect(at('referred', 3)).toBeLessThan(at('comparison', 3));
  });
});

/**
 * The same extract built with a window other than the default (SPO_HCU_WINDOW_MONTHS = 8): the
 * manifest's truth for 8 months, worked by hand from the generator's model (peak × 1.25 in −6…−4,
 * × 2 in −3…−1, × 1 elsewhere; GP median 1, σ 0.5, reduction 0.33), is what the estimate recovers.
 * The planted difference-in-differences does not depend on the window (the effect is constant after
 * referral); the uncontrolled change does (the 8-month before window holds less of the peak).
 */
describe('healthcare-use at a non-default window (8 months)', () => {
  const w = 8;
  const meanRate = Math.exp(0.125);
  // before window −8…−1: 2 months × 1 + 3 × 1.25 + 3 × 2 = 11.75 over 8
  const handBefore = 11.75 / 8;
  const handPlanted = -3 * 0.33 * meanRate;
  const handNaive = 3 * meanRate * (0.67 * 1 - handBefore);

  it('states the planted truth for every window a build may use', () => {
    // the settings accept exactly the windows the manifest covers
    for (const m of WINDOW_MONTHS_ALLOWED)
      expect(settings({ SPO_HCU_WINDOW_MONTHS: String(m) }).SPO_HCU_WINDOW_MONTHS).toBe(m);
    for (const m of [WINDOW_MONTHS_ALLOWED[0] - 1, WINDOW_MONTHS_ALLOWED.at(-1)! + 1])
      expect(() => settings({ SPO_HCU_WINDOW_MONTHS: String(m) })).toThrow(/SPO_HCU_WINDOW_MONTHS/);
    expect(Object.keys(planted.byWindowMonths).map(Number)).toEqual([...WINDOW_MONTHS_ALLOWED]);
    const at8 = planted.byWindowMonths[String(w)];
    expect(at8.windows).toEqual({ before: [-8, -1], after: [1, 8] });
    expect(at8.plantedPerPersonPerQuarter.gp_appointments).toBeCloseTo(handPlanted, 10);
    expect(at8.expectedNaivePerPersonPerQuarter.gp_appointments).toBeCloseTo(handNaive, 10);
    // the default window's figures are the top-level ones (before window −6…−1: 3 × 1.25 + 3 × 2 = 9.75 over 6)
    expect(planted.byWindowMonths['6'].expectedNaivePerPersonPerQuarter).toEqual(
      planted.expectedNaivePerPersonPerQuarter,
    );
    expect(planted.expectedNaivePerPersonPerQuarter.gp_appointments).toBeCloseTo(
      3 * meanRate * (0.67 - 9.75 / 6),
      10,
    );
  });

  it('covers the planted effect with the interval, and the naive change does not', async () => {
    await build(db, { params: { hcu_window_months: w } });
    await publish(db, process.env.SPO_DB!);
    // the server reads the snapshot pointer at most once a second: start from the new one
    await snapshots().close();
    const table = await runDataset(
      'healthcare-use',
      parseFilters(new URLSearchParams('from=2024-01&to=2024-12')),
      admin,
    );
    const gp = table.rows.find((r) => r.measure === 'gp_appointments')!;
    expect(gp.window_months).toBe(w);
    const truth = planted.byWindowMonths[String(w)];
    const effect = truth.plantedPerPersonPerQuarter.gp_appointments;
    expect(gp.people_referred).toBeGreaterThan(300);
    expect(gp.lower as number).toBeLessThanOrEqual(effect);
    expect(gp.upper as number).toBeGreaterThanOrEqual(effect);
    expect((gp.upper as number) - (gp.lower as number)).toBeLessThan(0.8);
    expect(gp.naive_upper as number).toBeLessThan(effect);
    const naive = truth.expectedNaivePerPersonPerQuarter.gp_appointments;
    expect(gp.naive_lower as number).toBeLessThanOrEqual(naive + 0.15);
    expect(gp.naive_upper as number).toBeGreaterThanOrEqual(naive - 0.15);
  }, 300_000);
});
