import { sql } from 'kysely';
import { INSTRUMENTS, INSTRUMENT_IDS, instrumentChange } from '#lib/stats/index.ts';
import { sum } from '#lib/sum.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
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

const OUTCOME_COLUMNS = [
  { key: 'n', label: 'People (paired)', kind: 'count' },
  { key: 'mean_before', label: 'Mean before', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_after', label: 'Mean after', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_change', label: 'Mean change', kind: 'value', base: 'n', digits: 2 },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 2 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 2 },
  { key: 'effect_size', label: 'Effect size (d_z)', kind: 'value', base: 'n', digits: 2 },
  // the numerator of share_improved: protected like n, so the share is protected ÷ protected
  { key: 'improved', label: 'People meaningfully improved', kind: 'count', hidden: true },
  {
    key: 'share_improved',
    label: 'Meaningful improvement',
    kind: 'value',
    base: 'n',
    numerator: 'improved',
    percent: true,
    digits: 0,
  },
] as const satisfies Dataset['columns'];

/** share_improved from the protected counts (release/disclose.ts calls this after protecting). */
const deriveShareImproved = (r: Row) => ({ share_improved: share(r.improved, r.n) });

/**
 * People whose change is at least the instrument's meaningful change in the better direction
 * (DOMAIN.md §4), summed in SQL: the rule of weightedPairedChange's shareImproved (src/lib/stats),
 * on the same DOUBLE scores, per cell, so it can be protected like n.
 */
const improvedPeople = () => {
  const better = sql`case when higher_is_better then score_after - score_before else score_before - score_after end`;
  const whens = INSTRUMENT_IDS.map((id) => {
    const m = INSTRUMENTS[id].meaningfulChange;
    return m === 0
      ? sql`when instrument = ${id} then ${better} > 0`
      : sql`when instrument = ${id} then ${better} >= ${m}`;
  });
  return sql<number>`sum(case when (case ${sql.join(whens, sql` `)} else ${better} >= 1 end) then people else 0 end)`;
};

function outcomeRow(pairs: Pair[]): Row {
  const n = sum(pairs.map((p) => p.people));
  const s = instrumentChange(pairs);
  return {
    n,
    mean_before: s?.meanBefore ?? null,
    mean_after: s?.meanAfter ?? null,
    mean_change: s?.meanChange ?? null,
    lower: s?.lower ?? null,
    upper: s?.upper ?? null,
    effect_size: s?.cohensDz ?? null,
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
 * Paired scores per instrument and measure, and per `column` (as `group`) if given: `groups`, the
 * pairs of each, for the statistics; `perCell`, statistics rows repeated once per cell with that
 * cell's people as `n` and those meaningfully improved as `improved`, for `cells: true`: the release path sums `n` from protected cells (the means
 * and intervals use every person, as computed).
 */
async function pairedChange(ctx: Context, column?: GroupColumn) {
  const key = (r: Record<string, unknown>) =>
    `${String(r.instrument)}\u0000${String(r.measure)}` +
    (column ? `\u0000${String(r.group ?? 'unknown')}` : '');
  const by = column ? [column] : [];
  const [pairs, people] = await Promise.all([
    pairsQuery(ctx)
      .select((eb) => [
        ...PAIR_COLUMNS,
        ...by.map((c) => eb.ref(c).as('group')),
        eb.fn.sum<number>('people').as('people'),
      ])
      .groupBy([...PAIR_COLUMNS, ...by])
      .execute(),
    pairsQuery(ctx)
      .select((eb) => [
        'instrument',
        'measure',
        ...by.map((c) => eb.ref(c).as('group')),
        ...cellSelect(ctx, 'outcome_pairs'),
        eb.fn.sum<number>('people').as('n'),
        improvedPeople().as('improved'),
      ])
      .groupBy([sql.ref('instrument'), sql.ref('measure'), ...by.map((c) => sql.ref(c)), ...cellGroup(ctx)])
      .execute(),
  ]);
  const byKey = groupBy(people, key);
  return {
    groups: [...groupBy(pairs, key).values()],
    perCell: (stats: Row[]) =>
      stats.flatMap((r) =>
        (byKey.get(key(r)) ?? []).map((p) => ({ ...r, cell: p.cell ?? null, n: p.n, improved: p.improved })),
      ),
  };
}

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
    const { groups, perCell } = await pairedChange(ctx);
    const stats = groups
      .map((g) => ({
        instrument: g[0].instrument,
        measure: g[0].measure,
        higher_is_better: g[0].higher_is_better,
        ...outcomeRow(g),
      }))
      .sort((a, b) => a.instrument.localeCompare(b.instrument) || a.measure.localeCompare(b.measure));
    return perCell(stats);
  },
  derive: deriveShareImproved,
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
  async query(ctx) {
    const out: Row[] = [];
    for (const [column, label] of GROUPS) {
      const { groups, perCell } = await pairedChange(ctx, column);
      const stats = groups.map((g) => ({
        instrument: g[0].instrument,
        measure: g[0].measure,
        dimension: label,
        group: String(g[0].group ?? 'unknown'),
        ...outcomeRow(g),
      }));
      for (const row of perCell(stats)) out.push(row); // can be many rows: no spread (stack size)
    }
    return out.sort(
      (a, b) =>
        String(a.instrument).localeCompare(String(b.instrument)) ||
        String(a.measure).localeCompare(String(b.measure)) ||
        String(a.dimension).localeCompare(String(b.dimension)) ||
        String(a.group).localeCompare(String(b.group), 'en', { numeric: true }),
    );
  },
  derive: deriveShareImproved,
};

export const completeness: Dataset = {
  id: 'outcome-completeness',
  title: 'Follow-up completeness',
  description:
    'Per instrument: engaged referrals, those with a baseline, with a follow-up, and with both (paired).',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'follow-up-completeness',
  source: 'marts.outcome_completeness',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'engaged', label: 'Engaged referrals', kind: 'count' },
    { key: 'with_baseline', label: 'With baseline', kind: 'count' },
    { key: 'with_follow_up', label: 'With follow-up', kind: 'count' },
    { key: 'paired', label: 'Paired', kind: 'count' },
    {
      key: 'completeness',
      label: 'Paired / with baseline',
      kind: 'value',
      base: 'with_baseline',
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
      {
        engaged: 'engaged_referrals',
        with_baseline: 'with_baseline',
        with_follow_up: 'with_follow_up',
        paired: 'paired',
      },
      { instrument: true, orderBy: ['instrument'] },
    ),
  derive: (r) => ({ completeness: share(r.paired, r.with_baseline) }),
};
