import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { generate } from '../../pipelines/generate/generate.ts';
import type { PlantedTruth } from '../../pipelines/generate/planted-truth.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { funnelRatioLimits } from '../../src/lib/stats/intervals.ts';
import { instrumentChange } from '../../src/lib/stats/instrument-change.ts';
import { spc } from '../../src/lib/stats/spc.ts';

/**
 * Issue 14: the dashboard's statistics find what the generator planted. A smaller run than the
 * demo (100,000 referrals over 12 months) so it builds in well under a minute, loaded and built
 * like any delivery; each check reads the marts the pages read, through src/lib/stats.
 */
const RUN = { referrals: 100_000, months: 12, from: '2024-04', seed: 11 };

let dir: string;
let db: Database;
let truth: PlantedTruth;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-truth-'));
  const out = join(dir, 'extracts');
  await generate({ ...RUN, outDir: out });
  truth = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')).truth;
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'generate-truth.test' };
  await loadBundledReference(effects);
  await loadPaths([out], effects);
  await build(db);
}, 300_000);

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** P(X ≤ k) for X ~ Poisson(mu), summed in log space (k up to tens of thousands). */
function poissonCdf(k: number, mu: number): number {
  if (k < 0) return 0;
  let logP = -mu;
  let sum = Math.exp(logP);
  for (let j = 1; j <= k; j++) {
    logP += Math.log(mu / j);
    sum += Math.exp(logP);
  }
  return Math.min(1, sum);
}

interface Observed {
  code: string;
  referrals: number;
  patients: number;
}

/**
 * Flags every area on a referral-rate funnel (99.8% ratio limits around England's rate, the
 * PHEindicatormethods method), and compares with the planted truth: the areas whose planted rate
 * is outside the limits should be flagged, and few others. A flag is a Poisson draw around the
 * planted mean, so an area near a limit may fall either side: the test bounds misses and false
 * flags by their expected number (from each area's exact Poisson chance of a flag) plus four SDs.
 */
function funnelAgainstTruth(observed: Observed[], planted: PlantedTruth['referralRate']['pcns']) {
  const byCode = new Map(planted.map((p) => [p.code, p]));
  const areas = observed.filter((o) => byCode.has(o.code) && o.patients > 0);
  const rate = areas.reduce((s, a) => s + a.referrals, 0) / areas.reduce((s, a) => s + a.patients, 0);
  let hits = 0;
  let misses = 0;
  let falseFlags = 0;
  let expectedMisses = 0;
  let missVar = 0;
  let expectedFalse = 0;
  let falseVar = 0;
  let plantedN = 0;
  for (const a of areas) {
    const p = byCode.get(a.code)!;
    const expected = a.patients * rate;
    const { lower, upper } = funnelRatioLimits(1, expected, 0.998);
    const flagged = a.referrals > upper * expected || a.referrals < lower * expected;
    const mu = p.relativeRate * expected;
    const pFlag =
      1 - poissonCdf(Math.floor(upper * expected), mu) + poissonCdf(Math.ceil(lower * expected) - 1, mu);
    if (p.planted) {
      plantedN++;
      if (flagged) hits++;
      else misses++;
      expectedMisses += 1 - pFlag;
      missVar += pFlag * (1 - pFlag);
    } else {
      if (flagged) falseFlags++;
      expectedFalse += pFlag;
      falseVar += pFlag * (1 - pFlag);
    }
  }
  return {
    areas: areas.length,
    plantedN,
    hits,
    misses,
    falseFlags,
    missBound: expectedMisses + 4 * Math.sqrt(missVar) + 3,
    falseBound: expectedFalse + 4 * Math.sqrt(falseVar) + 3,
  };
}

describe('planted truth: the funnel finds the outlying areas', () => {
  it('flags the PCNs planted outside the 99.8% limits, and not many others', async () => {
    const observed = await db.all<Observed>(`
      with r as (select pcn_code as code, sum(referrals)::DOUBLE as referrals from marts.referrals_monthly group by 1),
      p as (select area_code as code, avg(registered_patients)::DOUBLE as patients
            from marts.registered_patients_monthly where area_type = 'pcn' group by 1)
      select code, coalesce(r.referrals, 0) as referrals, p.patients from p left join r using (code)`);
    const f = funnelAgainstTruth(observed, truth.referralRate.pcns);
    expect(f.areas).toBeGreaterThan(1200);
    // the variation is real: a good share of PCNs is planted outside, and not all of them
    expect(f.plantedN).toBeGreaterThan(0.2 * f.areas);
    expect(f.plantedN).toBeLessThan(0.8 * f.areas);
    expect(f.misses).toBeLessThanOrEqual(f.missBound);
    expect(f.falseFlags).toBeLessThanOrEqual(f.falseBound);
    expect(f.hits).toBeGreaterThan(0.8 * f.plantedN);
    expect(f.falseFlags).toBeLessThan(0.15 * (f.areas - f.plantedN));
  });

  it('flags the ICBs planted outside the limits', async () => {
    const observed = await db.all<Observed>(`
      with pcn as (select distinct pcn_code, icb_code from marts.areas where is_current),
      r as (select p.icb_code as code, sum(referrals)::DOUBLE as referrals
            from marts.referrals_monthly m join pcn p using (pcn_code) group by 1),
      pop as (select p.icb_code as code, sum(x.patients) as patients from (
                select area_code as pcn_code, avg(registered_patients)::DOUBLE as patients
                from marts.registered_patients_monthly where area_type = 'pcn' group by 1) x join pcn p using (pcn_code)
              group by 1)
      select code, r.referrals, pop.patients from pop join r using (code)`);
    const f = funnelAgainstTruth(observed, truth.referralRate.icbs);
    expect(f.areas).toBe(42);
    expect(f.plantedN).toBeGreaterThan(10);
    expect(f.misses).toBeLessThanOrEqual(f.missBound);
    expect(f.falseFlags).toBeLessThanOrEqual(f.falseBound);
  });
});

describe('planted truth: SPC flags the shifts', () => {
  it('plants shifts in a few ICBs and XmR finds each on the side it went', async () => {
    expect(truth.shifts.length).toBe(4);
    for (const shift of truth.shifts) {
      const rows = await db.all<{ month: string; referrals: number }>(`
        select strftime(month, '%Y-%m') as month, sum(referrals)::DOUBLE as referrals
        from marts.referrals_monthly where icb_code = '${shift.icb}' group by 1 order by 1`);
      expect(rows.length).toBe(RUN.months);
      const result = spc(
        rows.map((r) => r.referrals),
        { improvementDirection: 'increase' },
      );
      const at = rows.findIndex((r) => r.month === shift.month);
      expect(at).toBeGreaterThan(0);
      const up = shift.factor > 1;
      // a special cause on the side the shift went: after it above the mean, or before it below
      const found = result.points.some(
        (p, i) => p.specialCause !== null && (i >= at ? p.value > p.mean === up : p.value < p.mean === up),
      );
      expect({ icb: shift.icb, found }).toEqual({ icb: shift.icb, found: true });
    }
  });
});

describe('planted truth: paired change recovers the planted effect', () => {
  const cases: [string, string][] = [
    ['SWEMWBS', 'metric'],
    ['ONS4', 'life_satisfaction'],
    ['UCLA3', 'total'],
  ];
  for (const [instrument, measure] of cases) {
    it(`${instrument} ${measure}: the 95% interval holds the planted mean change; d and deterioration are realistic`, async () => {
      const planted = truth.effects.find((e) => e.instrument === instrument && e.measure === measure)!;
      expect(planted).toBeDefined();
      const pairs = await db.all<{
        instrument: string;
        higher_is_better: boolean;
        score_before: number;
        score_after: number;
        people: number;
      }>(`
        select instrument, higher_is_better, score_before, score_after, sum(people)::INTEGER as people
        from marts.outcome_pairs where instrument = '${instrument}' and measure = '${measure}' group by all`);
      const c = instrumentChange(pairs)!;
      expect(c.n).toBeGreaterThan(500);
      expect(planted.meanChange).toBeGreaterThan(c.lower);
      expect(planted.meanChange).toBeLessThan(c.upper);
      // published social prescribing evaluations: d ≈ 0.3–0.7, 15–25 % worse off
      const d = Math.abs(c.cohensDz);
      expect(d).toBeGreaterThan(0.3);
      expect(d).toBeLessThan(0.8);
      expect(c.shareDeteriorated).toBeGreaterThan(0.1);
      expect(c.shareDeteriorated).toBeLessThan(0.3);
    });
  }
});

describe('planted truth: the mess of real extracts', () => {
  it('re-refers some people, refers from closed practices, carries LSOA 2021 codes, leaves workforce months out', async () => {
    const r = (await db.one<Record<string, number>>(`
      select 1 - count(distinct person_pseudonym) / count(*) as repeat_share,
        avg((pcn_code like 'X%')::INTEGER) as closed_share,
        avg((lsoa_code in (select lsoa_code from intermediate.int_lsoa_imd where lsoa_vintage = '2021'))::INTEGER) as lsoa21
      from intermediate.int_referrals`))!;
    expect(r.repeat_share).toBeGreaterThan(0.04);
    expect(r.closed_share).toBeGreaterThan(0.005);
    expect(r.lsoa21).toBeGreaterThan(0.003);
    const w = (await db.one<{ missing: number }>(`
      with x as (select pcn_code, count(distinct month) as months from raw.workforce_local
                 where staff_role = 'social_prescribing_link_worker' group by 1)
      select avg((months < ${RUN.months})::INTEGER) as missing from x`))!;
    expect(w.missing).toBeGreaterThan(0.1);
  });
});
