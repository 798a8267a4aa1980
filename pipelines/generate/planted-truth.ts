import { join } from 'node:path';
import { funnelRatioLimits } from '../../src/lib/stats/intervals.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import {
  AREA_SD,
  CHANGE,
  LSOA21_SHARE,
  REREFERRAL_SHARE,
  WORKFORCE_RETURNS,
  itemSql,
  thetaBaselineSql,
  thetaChangeSql,
} from './model-sql.ts';

/** An area's referral rate as planted: relative to England's, and where it sits on the funnel. */
export interface PlantedRate {
  code: string;
  icb?: string;
  /** Expected referrals over the period (the planted mean, before Poisson noise). */
  expected: number;
  /** Mean registered patients over the period (the list sizes the referrals were spread by). */
  registeredPatients: number;
  /** The area's rate per patient over England's (current PCNs): exp of its effects, with its trend and shift. */
  relativeRate: number;
  /**
   * 'high' or 'low' when the planted rate lies outside the 99.8% limits of a referral-rate funnel
   * (PHEindicatormethods ratio funnel around England's rate) at the area's expected count: the area
   * would be flagged in expectation. Null inside the limits.
   */
  planted: 'high' | 'low' | null;
}

export interface PlantedEffect {
  instrument: string;
  measure: string;
  higherIsBetter: boolean;
  /** The expected mean change (after − before) of the paired cohort, from a replicated simulation. */
  meanChange: number;
  /** Its Monte Carlo standard error. */
  monteCarloSe: number;
  people: number;
}

export interface PlantedTruth {
  note: string;
  areaEffectSd: typeof AREA_SD;
  referralRate: { icbs: PlantedRate[]; pcns: PlantedRate[] };
  /** Per ICB: odds ratio of a decline and of a follow-up, factor on the wellbeing change, growth a year. */
  icbEffects: {
    code: string;
    declineOddsRatio: number;
    followUpOddsRatio: number;
    changeFactor: number;
    growthPerYear: number;
  }[];
  shifts: { icb: string; month: string; factor: number }[];
  effects: PlantedEffect[];
  /** Shares realised in this run (the planted rates are in docs/synthetic-data.md). */
  realised: {
    rereferralShare: number;
    closedPracticeShare: number;
    lsoa2021OnlyShare: number;
    workforceMonthsMissingShare: number;
  };
  assumptions: {
    rereferralShare: number;
    lsoa2021Share: number;
    workforceReturns: typeof WORKFORCE_RETURNS;
    change: typeof CHANGE;
  };
}

const REPLICATES = 10;
const EFFECT_MEASURES: { instrument: string; measure: string; higherIsBetter: boolean; score: string }[] = [
  { instrument: 'SWEMWBS', measure: 'metric', higherIsBetter: true, score: 'swemwbs_metric' },
  {
    instrument: 'WEMWBS',
    measure: 'total',
    higherIsBetter: true,
    score: Array.from({ length: 14 }, (_, j) => `item_${j}`).join(' + '),
  },
  { instrument: 'UCLA3', measure: 'total', higherIsBetter: false, score: 'item_0 + item_1 + item_2' },
  { instrument: 'ONS4', measure: 'life_satisfaction', higherIsBetter: true, score: 'item_0' },
  { instrument: 'ONS4', measure: 'anxiety', higherIsBetter: false, score: 'item_3' },
  { instrument: 'PAM', measure: 'score', higherIsBetter: true, score: 'item_0' },
];

/**
 * The truth the generator planted, for manifest.json: per area the referral rate it was given and
 * whether that rate lies outside the funnel, the ICBs' other effects, the shifts, and the expected
 * paired change per instrument. The expected change is not the generated sample's own mean: it is
 * the mean over {@link REPLICATES} fresh simulations of the same people (same covariates and areas,
 * new latent scores and item noise), so it is the population value the dashboard's interval should
 * cover, with a Monte Carlo error a tenth of the sample's variance.
 */
export async function plantedTruth(
  db: Database,
  p: { referrals: number; from: string; months: number; end: string; monthLabel: (i: number) => string },
): Promise<PlantedTruth> {
  const rate = async (by: 'icb_code' | 'pcn_code') =>
    db.all<{ code: string; icb: string; expected: number; patients: number; rel: number }>(`
      with total as (select sum(w)::DOUBLE as w from bucket_weights),
      areas as (
        select ${by} as code, any_value(icb_code) as icb,
          ${p.referrals} * sum(w) / (select w from total) as expected,
          sum(list_size)::DOUBLE / ${p.months} as patients
        from bucket_weights where pcn_code is not null group by ${by}),
      england as (select sum(expected) / sum(patients) as r from areas)
      select code, icb, expected, patients, expected / patients / (select r from england) as rel
      from areas order by code`);
  const classify = (r: { code: string; icb: string; expected: number; patients: number; rel: number }) => {
    const limits = funnelRatioLimits(1, r.expected / r.rel, 0.998);
    const planted: PlantedRate['planted'] =
      r.rel > limits.upper ? 'high' : r.rel < limits.lower ? 'low' : null;
    return {
      expected: round(r.expected, 1),
      registeredPatients: Math.round(r.patients),
      relativeRate: round(r.rel, 4),
      planted,
    };
  };
  const icbs = (await rate('icb_code')).map((r) => ({ code: r.code, ...classify(r) }));
  const pcns = (await rate('pcn_code')).map((r) => ({ code: r.code, icb: r.icb, ...classify(r) }));

  const icbEffects = (
    await db.all<{ code: string; d: number; f: number; c: number; t: number }>(
      `select icb_code as code, exp(decline) as d, exp(follow_up) as f, exp(change) as c, exp(trend) - 1 as t
       from icb_effects order by icb_code`,
    )
  ).map((r) => ({
    code: r.code,
    declineOddsRatio: round(r.d, 3),
    followUpOddsRatio: round(r.f, 3),
    changeFactor: round(r.c, 3),
    growthPerYear: round(r.t, 3),
  }));
  const shifts = (
    await db.all<{ icb: string; m: number; factor: number }>(
      'select icb_code as icb, shift_m as m, factor from icb_shifts order by icb_code',
    )
  ).map((s) => ({ icb: s.icb, month: p.monthLabel(Number(s.m)), factor: s.factor }));

  const effects = await expectedChange(db, p.end);
  const realised = (await db.one<PlantedTruth['realised']>(`
    select
      (select avg(is_rereferral::INTEGER) from referrals_truth) as rereferralShare,
      (select avg((pcn_code is null)::INTEGER) from referrals_truth) as closedPracticeShare,
      (select avg((lsoa_code in (select lsoa21 from lsoa_children) and lsoa_code not in (select lsoa11 from lsoa_children))::INTEGER)
        from referrals_truth) as lsoa2021OnlyShare,
      1 - (select count(*) from workforce_truth where staff_role = 'social_prescribing_link_worker')
        / (select count(distinct pcn_code) * ${p.months} from workforce_truth) as workforceMonthsMissingShare`))!;
  return {
    note: 'The truth this run planted (docs/synthetic-data.md): area effects are normal on the log scale (referral rate, size of the wellbeing change) or log-odds scale (declines, follow-up), ICB plus PCN. A referral rate is "planted" high or low when it lies outside the 99.8% funnel limits at its expected count. Effects: expected mean change of the paired cohort (baselines whose 26-week window has closed).',
    areaEffectSd: AREA_SD,
    referralRate: { icbs, pcns },
    icbEffects,
    shifts,
    effects,
    realised: Object.fromEntries(
      Object.entries(realised).map(([k, v]) => [k, round(Number(v), 4)]),
    ) as PlantedTruth['realised'],
    assumptions: {
      rereferralShare: REREFERRAL_SHARE,
      lsoa2021Share: LSOA21_SHARE,
      workforceReturns: WORKFORCE_RETURNS,
      change: CHANGE,
    },
  };
}

/**
 * The expected paired change per instrument measure: the people of the outcome cohort (a baseline
 * and a follow-up, the baseline at least 26 weeks before the end) re-simulated REPLICATES times
 * with fresh latent scores and item noise, scored as the warehouse scores them.
 */
async function expectedChange(db: Database, end: string): Promise<PlantedEffect[]> {
  const items = Array.from({ length: 14 }, (_, j) => `${itemSql(j, 'a', 'a.key', 'item#')} as item_${j}`);
  await db.run(`
    create or replace temp table shadow_scores as
    with cohort as (
      select r.i, r.decile, r.episode_outcome, r.e_change,
        'loneliness_isolation' in (r.reason_1, r.reason_2, r.reason_3) as lonely, b.instrument
      from scores_truth b join scores_truth f on f.i = b.i and f.stage = 1
        join referrals_truth r on r.i = b.i
      where b.stage = 0 and b.assessment_date + 182 <= DATE '${end}'),
    reps as (
      select c.*, k, ${thetaBaselineSql('c.decile', 'c.lonely', `z2(c.i, k, 'theta#')`)} as theta0,
        ${thetaChangeSql('c.decile', 'c.lonely', 'c.episode_outcome', 'c.e_change', `z2(c.i, k, 'change#')`)} as dtheta
      from cohort c, range(${REPLICATES}) t(k)),
    stages as (
      select reps.*, s.stage, theta0 + case when s.stage = 1 then dtheta else 0 end as theta,
        (2 * (${REPLICATES} * i + k) + s.stage) as key
      from reps, range(2) s(stage)),
    a as (select stages.*, m.* exclude (instrument) from stages join item_models m using (instrument))
    select a.i, a.k, a.stage, a.instrument, ${items.join(', ')} from a;
    create or replace temp table shadow_swemwbs as
    select raw_score, metric_score from read_csv(${sqlString(join(REFERENCE_DIR, 'swemwbs_conversion.csv'))}, header = true);
  `);
  const out: PlantedEffect[] = [];
  for (const m of EFFECT_MEASURES) {
    const score =
      m.score === 'swemwbs_metric'
        ? `(select metric_score from shadow_swemwbs where raw_score = ${Array.from({ length: 7 }, (_, j) => `item_${j}`).join(' + ')})`
        : m.score;
    const r = await db.all<{ k: number; change: number; n: number }>(`
      with s as (select i, k, stage, ${score} as score from shadow_scores where instrument = '${m.instrument}'),
      pairs as (select b.k, f.score - b.score as change from s b join s f on f.i = b.i and f.k = b.k and f.stage = 1 where b.stage = 0)
      select k, avg(change) as change, count(*) as n from pairs group by k`);
    if (r.length === 0) continue;
    const means = r.map((x) => Number(x.change));
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, means.length - 1));
    out.push({
      instrument: m.instrument,
      measure: m.measure,
      higherIsBetter: m.higherIsBetter,
      meanChange: round(mean, 4),
      monteCarloSe: round(sd / Math.sqrt(means.length), 4),
      people: Number(r[0].n),
    });
  }
  return out;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
