import { sql } from 'kysely';
import { instrumentChange, meanInterval } from '#lib/stats/index.ts';
import { changeRule, countChanges } from '#lib/outcomes/change-counts.ts';
import { weightedWilcoxonP, type CountedPair } from '#lib/outcomes/weighted-wilcoxon.ts';
import { sum } from '#lib/sum.ts';
import type { Cell, Context, Dataset, Row } from '../dataset.ts';
import { LONELINESS_INSTRUMENTS } from './loneliness.ts';
import {
  GROUPS,
  groupBy,
  inAreaAndPeriod,
  cellGroup,
  cellSelect,
  share,
  sumPerCell,
  type GroupColumn,
} from './shared.ts';

interface Pair {
  instrument: string;
  measure: string;
  higher_is_better: boolean;
  score_before: number;
  score_after: number;
  people: number;
}

/** Paired scores for the area and period (of the instrument asked for, if one was). */
export function pairsQuery(ctx: Context) {
  let q = inAreaAndPeriod(ctx, 'marts.outcome_pairs');
  if (ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
  return q;
}

/** A share of `n` derived from the protected counts (issue 12: shares from counts, not raw people). */
/** A share of n, derived from its protected numerator (`numerator`: the 0 %/100 % rule sees it). */
const shareOf = (key: string, label: string, numerator: string) =>
  ({ key, label, kind: 'value', base: 'n', numerator, percent: true, digits: 0 }) as const;

const OUTCOME_COLUMNS = [
  { key: 'n', label: 'People (paired)', kind: 'count' },
  // means to 1 decimal: a mean of whole-number scores lies on a grid of 1/n, and 2 decimals on a
  // few dozen people let a reader find n among the values a rounded count could be (docs/security.md)
  { key: 'mean_before', label: 'Mean before', kind: 'value', base: 'n', digits: 1 },
  { key: 'mean_after', label: 'Mean after', kind: 'value', base: 'n', digits: 1 },
  { key: 'mean_change', label: 'Mean change', kind: 'value', base: 'n', digits: 1 },
  // the interval from the n shown (deriveStatistics), not the raw n its width would give back
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 1 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 1 },
  { key: 'sd_change', label: 'SD of the changes', kind: 'value', base: 'n', digits: 2, hidden: true },
  { key: 'effect_size', label: 'Effect size (d_z)', kind: 'value', base: 'n', digits: 2 },
  { key: 'wilcoxon_p', label: 'Wilcoxon p (check)', kind: 'value', base: 'n', digits: 3 },
  { key: 'improved', label: 'Improved (meaningful change)', kind: 'count' },
  shareOf('share_improved', 'Meaningful improvement', 'improved'),
  { key: 'deteriorated', label: 'Deteriorated (meaningful change)', kind: 'count' },
  shareOf('share_deteriorated', 'Meaningful deterioration', 'deteriorated'),
  { key: 'reliably_improved', label: 'Reliably improved (RCI)', kind: 'count' },
  shareOf('share_reliably_improved', 'Reliable improvement (RCI)', 'reliably_improved'),
  { key: 'reliably_deteriorated', label: 'Reliably deteriorated (RCI)', kind: 'count' },
  shareOf('share_reliably_deteriorated', 'Reliable deterioration (RCI)', 'reliably_deteriorated'),
] as const satisfies Dataset['columns'];

/**
 * Figures derived from the protected counts: each share from its protected count over the
 * protected n, and the t interval of the mean change from the SD of the changes and the protected
 * n (so the interval's width gives back only the n shown).
 */
export function deriveShares(r: Row): Row {
  const ci =
    typeof r.mean_change === 'number' && typeof r.sd_change === 'number' && typeof r.n === 'number'
      ? meanInterval(r.mean_change, r.sd_change, r.n)
      : null;
  return {
    lower: ci?.lower ?? null,
    upper: ci?.upper ?? null,
    share_improved: share(r.improved, r.n),
    share_deteriorated: share(r.deteriorated, r.n),
    share_reliably_improved: share(r.reliably_improved, r.n),
    share_reliably_deteriorated: share(r.reliably_deteriorated, r.n),
  };
}

const counted = (pairs: Pair[]): CountedPair[] =>
  pairs.map((p) => ({ before: p.score_before, after: p.score_after, people: p.people }));

/** The statistics of one instrument × measure (× group) from all its pairs. */
export function outcomeRow(pairs: Pair[]): Row {
  const s = instrumentChange(pairs);
  return {
    mean_before: s?.meanBefore ?? null,
    mean_after: s?.meanAfter ?? null,
    mean_change: s?.meanChange ?? null,
    sd_change: s ? s.se * Math.sqrt(sum(pairs.map((p) => p.people))) : null,
    effect_size: s?.cohensDz ?? null,
    wilcoxon_p: s ? weightedWilcoxonP(counted(pairs)) : null,
  };
}

export const PAIR_COLUMNS = [
  'instrument',
  'measure',
  'higher_is_better',
  'score_before',
  'score_after',
] as const;

/**
 * Paired scores per instrument and measure, and per `column` (as `group`) if given, per cell; the
 * statistics (means, intervals, effect size, Wilcoxon, the RCI's baseline SD) use every person in
 * the area, the counts (n, improved, deteriorated, reliably so) are per cell, so that the release path
 * sums them from protected cells (`cells: true`) and the shares are derived from those.
 */
async function pairedChange(ctx: Context, column?: GroupColumn) {
  type CellPair = Pair & { group?: Cell; cell?: string | null };
  const key = (r: CellPair) =>
    `${r.instrument}\u0000${r.measure}` + (column ? `\u0000${String(r.group ?? 'unknown')}` : '');
  const by = column ? [column] : [];
  const rows = (await pairsQuery(ctx)
    .select((eb) => [
      ...PAIR_COLUMNS,
      ...by.map((c) => eb.ref(c).as('group')),
      ...cellSelect(ctx, 'outcome_pairs'),
      eb.fn.sum<number>('people').as('people'),
    ])
    .groupBy([...PAIR_COLUMNS.map((c) => sql.ref(c)), ...by.map((c) => sql.ref(c)), ...cellGroup(ctx)])
    .execute()) as CellPair[];
  const groups = [...groupBy(rows, key).values()];
  return groups.map((all) => {
    const rule = changeRule(all[0].instrument, all[0].higher_is_better, counted(all));
    const cells = [...groupBy(all, (p) => String(p.cell ?? 'area')).values()].map((inCell) => ({
      cell: inCell[0].cell ?? null,
      n: sum(inCell.map((p) => p.people)),
      ...countChanges(counted(inCell), rule),
    }));
    return { pairs: all, cells };
  });
}

/** Statistics rows repeated once per cell with that cell's counts (the release path sums the cells). */
const perCell = (stats: Row, cells: Row[]) => cells.map((c) => ({ ...stats, ...c }));

export const outcomes: Dataset = {
  id: 'outcomes',
  title: 'Wellbeing change',
  description:
    'Per instrument and measure: people with a baseline and follow-up score, mean before and after, paired mean change with 95% CI, effect size (Cohen’s d_z) and the share with a meaningful improvement.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'wellbeing-change',
  source: 'marts.outcome_pairs',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'higher_is_better', label: 'Higher is better', kind: 'dim' },
    ...OUTCOME_COLUMNS,
  ],
  async query(ctx) {
    const groups = (await pairedChange(ctx)).sort(
      (a, b) =>
        a.pairs[0].instrument.localeCompare(b.pairs[0].instrument) ||
        a.pairs[0].measure.localeCompare(b.pairs[0].measure),
    );
    return groups.flatMap(({ pairs, cells }) =>
      perCell(
        {
          instrument: pairs[0].instrument,
          measure: pairs[0].measure,
          higher_is_better: pairs[0].higher_is_better,
          ...outcomeRow(pairs),
        },
        cells,
      ),
    );
  },
  derive: deriveShares,
};

export const lonelinessChange: Dataset = {
  ...outcomes,
  id: 'loneliness-change',
  title: 'Change in loneliness scores',
  description:
    'Per loneliness instrument (De Jong Gierveld 6-item, UCLA-3, ONS direct question): people with a baseline and follow-up score, paired mean change with 95% CI, effect size and the share with a meaningful improvement.',
  indicator: 'loneliness',
  async query(ctx) {
    const rows = await outcomes.query(ctx);
    return rows.filter((r) => LONELINESS_INSTRUMENTS.includes(String(r.instrument)));
  },
};

export const outcomeDistribution: Dataset = {
  id: 'outcome-distribution',
  title: 'Distribution of change',
  description: 'People by change in score (after − before) per instrument and measure.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'wellbeing-change',
  source: 'marts.outcome_pairs',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'change', label: 'Change in score', kind: 'dim' },
    { key: 'people', label: 'People', kind: 'count' },
  ],
  async query(ctx) {
    return pairsQuery(ctx)
      .select((eb) => [
        'instrument',
        'measure',
        eb(eb.fn('round', [eb('score_after', '-', eb.ref('score_before'))]), '+', 0).as('change'),
        ...cellSelect(ctx, 'outcome_pairs'),
        eb.fn.sum<number>('people').as('people'),
      ])
      .groupBy([sql.ref('instrument'), sql.ref('measure'), sql.ref('change'), ...cellGroup(ctx)])
      .orderBy('instrument')
      .orderBy('measure')
      .orderBy('change')
      .execute() as Promise<Row[]>;
  },
};

export const outcomesByGroup: Dataset = {
  id: 'outcomes-by-group',
  title: 'Wellbeing change by group',
  description:
    'Paired mean change per instrument and measure by IMD decile, age band, sex, ethnic group and referral route.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'wellbeing-change',
  source: 'marts.outcome_pairs',
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'dimension', label: 'Grouped by', kind: 'dim' },
    { key: 'group', label: 'Group', kind: 'dim' },
    ...OUTCOME_COLUMNS,
  ],
  cells: true,
  derive: deriveShares,
  async query(ctx) {
    const out: Row[] = [];
    for (const [column, label] of GROUPS) {
      for (const { pairs, cells } of await pairedChange(ctx, column)) {
        const stats = {
          instrument: pairs[0].instrument,
          measure: pairs[0].measure,
          dimension: label,
          group: String(pairs[0].group ?? 'unknown'),
          ...outcomeRow(pairs),
        };
        for (const row of perCell(stats, cells)) out.push(row); // can be many rows: no spread (stack size)
      }
    }
    return out.sort(
      (a, b) =>
        String(a.instrument).localeCompare(String(b.instrument)) ||
        String(a.measure).localeCompare(String(b.measure)) ||
        String(a.dimension).localeCompare(String(b.dimension)) ||
        String(a.group).localeCompare(String(b.group), 'en', { numeric: true }),
    );
  },
};

export const completeness: Dataset = {
  id: 'outcome-completeness',
  title: 'Follow-up completeness',
  description:
    'Per instrument, for baselines in the period: referrals with a baseline score, those whose follow-up window has closed (the cohort of the outcome figures) and those of them with a follow-up in the window (paired).',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'follow-up-completeness',
  source: 'marts.outcome_completeness',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'with_baseline', label: 'With baseline', kind: 'count' },
    { key: 'follow_up_due', label: 'Follow-up window closed', kind: 'count' },
    { key: 'paired', label: 'Paired', kind: 'count' },
    {
      key: 'completeness',
      label: 'Paired / window closed',
      kind: 'value',
      base: 'follow_up_due',
      numerator: 'paired',
      percent: true,
      digits: 0,
    },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.outcome_completeness',
      { instrument: 'instrument' },
      { with_baseline: 'with_baseline', follow_up_due: 'follow_up_due', paired: 'paired' },
      { instrument: true, orderBy: ['instrument'] },
    ),
  derive: (r) => ({ completeness: share(r.paired, r.follow_up_due) }),
};
