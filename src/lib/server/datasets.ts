import {
  byarsInterval,
  instrumentChange,
  slopeIndexOfInequality,
  wilsonInterval,
} from '#lib/stats/index.ts';
import { disclosureSettings, protect } from './disclosure.ts';
import { register, sum, type Context, type Dataset, type Row } from './registry.ts';

/**
 * Every dataset the dashboard shows and the API serves. Queries return small aggregates for the
 * area (ctx.pcns(), which carries the user's scope) and period; the registry discloses them.
 */
const LINK_WORKER = 'social_prescribing_link_worker';
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const share = (a: unknown, b: unknown) => {
  const x = num(a);
  const y = num(b);
  return x === null || y === null || y === 0 ? null : x / y;
};
const AREA_PERIOD = ['area', 'from', 'to', 'format'] as const;

function inPeriod(ctx: Context) {
  return { from: ctx.from, to: ctx.to };
}

export const referrals: Dataset = {
  id: 'referrals',
  title: 'Referrals per month',
  description: 'Social prescribing referrals received per month in the area (all routes and outcomes).',
  parameters: [...AREA_PERIOD],
  indicator: 'referrals',
  source: 'marts.referrals_monthly',
  cells: true,
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
  ],
  async query(ctx) {
    const { from, to } = inPeriod(ctx);
    return ctx.db
      .selectFrom('marts.referrals_monthly')
      .select((eb) => ['month', 'pcn_code', eb.fn.sum<number>('referrals').as('referrals')])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', from)
      .where('month', '<=', to)
      .groupBy(['month', 'pcn_code'])
      .orderBy('month')
      .execute();
  },
};

function breakdown(
  id: string,
  title: string,
  description: string,
  label: string,
  column: 'referral_route' | 'snomed_status' | 'age_band' | 'sex' | 'ethnic_group',
): Dataset {
  return {
    id,
    title,
    description,
    parameters: [...AREA_PERIOD],
    indicator: 'referrals',
    source: 'marts.referrals_monthly',
    total: true,
    cells: true,
    sortBy: 'referrals',
    columns: [
      { key: 'group', label, kind: 'dim' },
      { key: 'referrals', label: 'Referrals', kind: 'count' },
      {
        key: 'share',
        label: 'Share of referrals',
        kind: 'value',
        base: 'referrals',
        percent: true,
        digits: 1,
      },
    ],
    async query(ctx) {
      return ctx.db
        .selectFrom('marts.referrals_monthly')
        .select((eb) => [
          eb.ref(column).as('group'),
          'pcn_code',
          eb.fn.sum<number>('referrals').as('referrals'),
        ])
        .where('pcn_code', 'in', ctx.pcns())
        .where('month', '>=', ctx.from)
        .where('month', '<=', ctx.to)
        .groupBy([column, 'pcn_code'])
        .execute();
    },
    derive(row, _ctx, rows) {
      return { share: share(row.referrals, rows.find((r) => r.group === 'Total')?.referrals ?? null) };
    },
  };
}

/** Shares within a table need its protected total: computed after disclosure by the page helper. */
export const byRoute = breakdown(
  'referrals-by-route',
  'Referrals by route',
  'Referrals by who referred (route).',
  'Route',
  'referral_route',
);
export const bySnomed = breakdown(
  'referrals-by-snomed',
  'Referrals by SNOMED status',
  'Referrals by the SNOMED code recorded: accepted (871731000000106), declined, or another code.',
  'SNOMED status',
  'snomed_status',
);

export const byReason: Dataset = {
  id: 'referrals-by-reason',
  title: 'Referrals by reason',
  description: 'Referrals by stated reason; a referral with several reasons counts under each.',
  parameters: [...AREA_PERIOD],
  indicator: 'referrals',
  source: 'marts.referral_reasons_monthly',
  cells: true,
  sortBy: 'referrals',
  columns: [
    { key: 'group', label: 'Reason', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.referral_reasons_monthly')
      .select((eb) => [
        eb.ref('referral_reason').as('group'),
        'pcn_code',
        eb.fn.sum<number>('referrals').as('referrals'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy(['referral_reason', 'pcn_code'])
      .execute();
  },
};

const FUNNEL = [
  ['referred', 'Referred'],
  ['accepted', 'Accepted'],
  ['contacted', 'Contacted'],
  ['plan_agreed', 'Plan agreed'],
  ['linked_to_activity', 'Linked to an activity'],
  ['took_up_activity', 'Took up the activity'],
  ['follow_up_recorded', 'Follow-up recorded'],
] as const;

export const funnel: Dataset = {
  id: 'referral-funnel',
  title: 'Referral pathway',
  description:
    'Referrals reaching each step: referred → accepted → contacted → plan agreed → linked → took up → follow-up.',
  parameters: [...AREA_PERIOD],
  indicator: 'referral-funnel',
  source: 'marts.referral_funnel',
  cells: true,
  columns: [
    { key: 'step', label: 'Step', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'share', label: 'Share of referred', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  ],
  async query(ctx) {
    const byPcn = await ctx.db
      .selectFrom('marts.referral_funnel')
      .select((eb) => ['pcn_code', ...FUNNEL.map(([k]) => eb.fn.sum<number>(k).as(k))])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy('pcn_code')
      .execute();
    // one row per step even when nothing was referred (the registry sums the PCN rows per step)
    return FUNNEL.flatMap(([k, label]) => [
      { step: label, pcn_code: '', referrals: 0 },
      ...byPcn.map((r) => ({ step: label, pcn_code: r.pcn_code, referrals: num(r[k]) ?? 0 })),
    ]);
  },
  derive: (row, _ctx, rows) => ({ share: share(row.referrals, rows[0].referrals) }),
};

export const waits: Dataset = {
  id: 'referral-waits',
  title: 'Waits to first contact',
  description: 'Contacted referrals by days from referral to first contact with a link worker.',
  parameters: [...AREA_PERIOD],
  indicator: 'waits',
  source: 'marts.referral_waits',
  total: true,
  cells: true,
  columns: [
    { key: 'wait', label: 'Days to first contact', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
  ],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.referral_waits')
      .select((eb) => [
        'wait_band',
        'pcn_code',
        eb.fn.min('wait_band_order').as('o'),
        eb.fn.sum<number>('referrals').as('referrals'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy(['wait_band', 'pcn_code'])
      .orderBy('o')
      .execute();
    return rows.map((r) => ({ wait: r.wait_band, pcn_code: r.pcn_code, referrals: r.referrals }));
  },
};

export const supportVsNeeds: Dataset = {
  id: 'support-vs-needs',
  title: 'Support against needs',
  description:
    'For each need stated on referral: referrals, those linked into a matching activity and those who took it up.',
  parameters: [...AREA_PERIOD],
  indicator: 'support-vs-needs',
  source: 'marts.support_vs_needs',
  cells: true,
  sortBy: 'referrals',
  columns: [
    { key: 'need', label: 'Need stated', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'linked', label: 'Linked to a matching activity', kind: 'count' },
    { key: 'took_up', label: 'Took it up', kind: 'count' },
    { key: 'linked_share', label: 'Linked (%)', kind: 'value', base: 'referrals', percent: true, digits: 0 },
    {
      key: 'took_up_share',
      label: 'Took up (%)',
      kind: 'value',
      base: 'referrals',
      percent: true,
      digits: 0,
    },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.support_vs_needs')
      .select((eb) => [
        'need',
        'pcn_code',
        eb.fn.sum<number>('referrals').as('referrals'),
        eb.fn.sum<number>('linked_to_matching_activity').as('linked'),
        eb.fn.sum<number>('took_up_matching_activity').as('took_up'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy(['need', 'pcn_code'])
      .execute();
  },
  derive: (r) => ({
    linked_share: share(r.linked, r.referrals),
    took_up_share: share(r.took_up, r.referrals),
  }),
};

export const supportOffered: Dataset = {
  id: 'support-offered',
  title: 'What people are linked into',
  description: 'Offers of support by activity category, and how many were taken up.',
  parameters: [...AREA_PERIOD],
  indicator: 'support-vs-needs',
  source: 'marts.support_offered_monthly',
  cells: true,
  sortBy: 'offered',
  columns: [
    { key: 'category', label: 'Activity category', kind: 'dim' },
    { key: 'offered', label: 'Offered', kind: 'count' },
    { key: 'taken_up', label: 'Taken up', kind: 'count' },
    { key: 'uptake', label: 'Uptake (%)', kind: 'value', base: 'offered', percent: true, digits: 0 },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.support_offered_monthly')
      .select((eb) => [
        eb.ref('activity_category').as('category'),
        'pcn_code',
        eb.fn.sum<number>('offered').as('offered'),
        eb.fn.sum<number>('taken_up').as('taken_up'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy(['activity_category', 'pcn_code'])
      .execute();
  },
  derive: (r) => ({ uptake: share(r.taken_up, r.offered) }),
};

export const workforce: Dataset = {
  id: 'workforce',
  title: 'Link workers per month',
  description:
    'Social prescribing link workers in post (headcount and FTE) per month and source (nhsd: NHS Digital PCN workforce; local: services’ returns), with registered patients and FTE per 50,000.',
  parameters: ['area', 'format'],
  indicator: 'link-worker-fte',
  source: 'marts.workforce_monthly, marts.areas',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'source', label: 'Source', kind: 'dim' },
    { key: 'headcount', label: 'Headcount', kind: 'staff' },
    { key: 'fte', label: 'FTE', kind: 'staff', digits: 1 },
    { key: 'pcns_with_link_worker', label: 'PCNs with a link worker', kind: 'staff' },
    { key: 'fte_per_50k', label: 'FTE per 50,000 patients', kind: 'staff', digits: 2 },
  ],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.workforce_monthly')
      .select((eb) => [
        'month',
        'source',
        eb.fn.sum<number>('headcount').as('headcount'),
        eb.fn.sum<number>('fte').as('fte'),
        eb.fn.count<number>('pcn_code').distinct().as('pcns_with_link_worker'),
      ])
      .where('staff_role', '=', LINK_WORKER)
      .where('pcn_code', 'in', ctx.pcns())
      .groupBy(['month', 'source'])
      .orderBy('month')
      .orderBy('source')
      .execute();
    const patients = ctx.area.registeredPatients;
    return rows.map((r) => ({
      ...r,
      fte: Math.round(r.fte * 1e6) / 1e6,
      fte_per_50k: patients > 0 ? (r.fte / patients) * 50000 : null,
    }));
  },
};

export const capacityByPcn: Dataset = {
  id: 'capacity-by-pcn',
  title: 'Link-worker capacity by PCN',
  description:
    'For the last month of the period: each PCN’s link workers, FTE per 50,000 registered patients and referrals in the 12 months to then per FTE (caseload guide 200–250).',
  parameters: [...AREA_PERIOD],
  indicator: 'referrals-per-fte',
  source: 'marts.capacity_monthly, marts.areas',
  breakdown: 'pcn',
  columns: [
    { key: 'pcn_code', label: 'PCN code', kind: 'dim' },
    { key: 'pcn_name', label: 'PCN', kind: 'dim' },
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'headcount', label: 'Link workers (headcount)', kind: 'staff' },
    { key: 'fte', label: 'FTE', kind: 'staff', digits: 1 },
    { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
    { key: 'fte_per_50k', label: 'FTE per 50,000 patients', kind: 'staff', digits: 2 },
    { key: 'referrals_12m', label: 'Referrals, 12 months', kind: 'count' },
    { key: 'referrals_per_fte', label: 'Referrals per FTE', kind: 'value', base: 'referrals_12m', digits: 0 },
  ],
  async query(ctx) {
    const latest = await ctx.db
      .selectFrom('marts.capacity_monthly')
      .select((eb) => eb.fn.max('month').as('m'))
      .where('month', '<=', ctx.to)
      .executeTakeFirst();
    if (!latest?.m) return [];
    return ctx.db
      .selectFrom('marts.capacity_monthly as c')
      .innerJoin('marts.areas as a', 'a.pcn_code', 'c.pcn_code')
      .select([
        'c.pcn_code',
        'a.pcn_name',
        'c.month',
        'c.link_worker_headcount as headcount',
        'c.link_worker_fte as fte',
        'c.registered_patients',
        'c.fte_per_50k_patients as fte_per_50k',
        'c.referrals_trailing_12_months as referrals_12m',
        'c.referrals_per_fte',
      ])
      .where('c.pcn_code', 'in', ctx.detailPcns())
      .where('c.month', '=', latest.m as string)
      .where('a.is_current', '=', true)
      .orderBy('c.link_worker_fte')
      .orderBy('c.pcn_code')
      .execute();
  },
};

interface Pair {
  instrument: string;
  measure: string;
  higher_is_better: boolean;
  score_before: number;
  score_after: number;
  people: number;
}

function pairsQuery(ctx: Context) {
  let q = ctx.db
    .selectFrom('marts.outcome_pairs')
    .where('pcn_code', 'in', ctx.pcns())
    .where('month', '>=', ctx.from)
    .where('month', '<=', ctx.to);
  if (ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
  return q;
}

const groupBy = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
};

const OUTCOME_COLUMNS = [
  { key: 'n', label: 'People (paired)', kind: 'count' },
  { key: 'mean_before', label: 'Mean before', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_after', label: 'Mean after', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_change', label: 'Mean change', kind: 'value', base: 'n', digits: 2 },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 2 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 2 },
  { key: 'effect_size', label: 'Effect size (d_z)', kind: 'value', base: 'n', digits: 2 },
  {
    key: 'share_improved',
    label: 'Meaningful improvement',
    kind: 'value',
    base: 'n',
    percent: true,
    digits: 0,
  },
] as const satisfies Dataset['columns'];

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
    share_improved: s?.shareImproved ?? null,
  };
}

const PAIR_COLUMNS = ['instrument', 'measure', 'higher_is_better', 'score_before', 'score_after'] as const;

/**
 * Statistics rows repeated once per PCN with that PCN's people as `n`, for `cells: true`: the
 * registry sums `n` from protected cells (the means and intervals use every person, as computed).
 */
function spreadOverPcns(
  stats: Row[],
  people: { pcn_code: string; n: number; key: string }[],
  key: (r: Row) => string,
): Row[] {
  const byKey = groupBy(people, (p) => p.key);
  return stats.flatMap((r) => (byKey.get(key(r)) ?? []).map((p) => ({ ...r, pcn_code: p.pcn_code, n: p.n })));
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
    const [pairs, people] = await Promise.all([
      pairsQuery(ctx)
        .select((eb) => [...PAIR_COLUMNS, eb.fn.sum<number>('people').as('people')])
        .groupBy([...PAIR_COLUMNS])
        .execute(),
      pairsQuery(ctx)
        .select((eb) => ['instrument', 'measure', 'pcn_code', eb.fn.sum<number>('people').as('n')])
        .groupBy(['instrument', 'measure', 'pcn_code'])
        .execute(),
    ]);
    const key = (r: Record<string, unknown>) => `${String(r.instrument)}\u0000${String(r.measure)}`;
    const stats = [...groupBy(pairs, key).values()]
      .map((g) => ({
        instrument: g[0].instrument,
        measure: g[0].measure,
        higher_is_better: g[0].higher_is_better,
        ...outcomeRow(g),
      }))
      .sort((a, b) => a.instrument.localeCompare(b.instrument) || a.measure.localeCompare(b.measure));
    return spreadOverPcns(
      stats,
      people.map((p) => ({ pcn_code: p.pcn_code, n: p.n, key: key(p) })),
      key,
    );
  },
};

/** The loneliness instruments: paired change where recorded (De Jong Gierveld, UCLA-3, ONS). */
export const LONELINESS_INSTRUMENTS = ['DJG6', 'UCLA3', 'ONS_LONELINESS'];

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
        'pcn_code',
        eb.fn.sum<number>('people').as('people'),
      ])
      .groupBy(['instrument', 'measure', 'change', 'pcn_code'])
      .orderBy('instrument')
      .orderBy('measure')
      .orderBy('change')
      .execute() as Promise<Row[]>;
  },
};

const GROUPS = [
  ['imd_decile', 'IMD decile (1 = most deprived)'],
  ['age_band', 'Age band'],
  ['sex', 'Sex'],
  ['ethnic_group', 'Ethnic group'],
  ['referral_route', 'Referral route'],
] as const;
type GroupColumn = (typeof GROUPS)[number][0];

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
    const key = (r: Record<string, unknown>) =>
      `${String(r.instrument)}\u0000${String(r.measure)}\u0000${String(r.group ?? 'unknown')}`;
    for (const [column, label] of GROUPS) {
      const [pairs, people] = await Promise.all([
        pairsQuery(ctx)
          .select((eb) => [
            ...PAIR_COLUMNS,
            eb.ref(column as GroupColumn).as('group'),
            eb.fn.sum<number>('people').as('people'),
          ])
          .groupBy([...PAIR_COLUMNS, column])
          .execute(),
        pairsQuery(ctx)
          .select((eb) => [
            'instrument',
            'measure',
            eb.ref(column as GroupColumn).as('group'),
            'pcn_code',
            eb.fn.sum<number>('people').as('n'),
          ])
          .groupBy(['instrument', 'measure', column, 'pcn_code'])
          .execute(),
      ]);
      const stats = [...groupBy(pairs, key).values()].map((g) => ({
        instrument: g[0].instrument,
        measure: g[0].measure,
        dimension: label,
        group: String(g[0].group ?? 'unknown'),
        ...outcomeRow(g),
      }));
      out.push(
        ...spreadOverPcns(
          stats,
          people.map((p) => ({ pcn_code: p.pcn_code, n: p.n, key: key(p) })),
          key,
        ),
      );
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
      percent: true,
      digits: 0,
    },
  ],
  async query(ctx) {
    let q = ctx.db
      .selectFrom('marts.outcome_completeness')
      .select((eb) => [
        'instrument',
        'pcn_code',
        eb.fn.sum<number>('engaged_referrals').as('engaged'),
        eb.fn.sum<number>('with_baseline').as('with_baseline'),
        eb.fn.sum<number>('with_follow_up').as('with_follow_up'),
        eb.fn.sum<number>('paired').as('paired'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to);
    if (ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
    return q.groupBy(['instrument', 'pcn_code']).orderBy('instrument').execute();
  },
  derive: (r) => ({ completeness: share(r.paired, r.with_baseline) }),
};

export const loneliness: Dataset = {
  id: 'loneliness',
  title: 'Loneliness at baseline and follow-up',
  description:
    'People assessed and the share lonely (UCLA-3 total ≥ 6; ONS “often/always”; De Jong Gierveld 2–6) at baseline and at follow-up, with 95% Wilson intervals.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'loneliness',
  source: 'marts.loneliness',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'stage', label: 'Stage', kind: 'dim' },
    { key: 'assessed', label: 'Assessed', kind: 'count' },
    { key: 'lonely', label: 'Lonely', kind: 'count' },
    { key: 'share', label: 'Share lonely', kind: 'value', base: 'assessed', percent: true, digits: 1 },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'assessed', percent: true, digits: 1 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'assessed', percent: true, digits: 1 },
  ],
  async query(ctx) {
    let q = ctx.db
      .selectFrom('marts.loneliness')
      .select((eb) => [
        'instrument',
        'stage',
        'pcn_code',
        eb.fn.sum<number>('assessed').as('assessed'),
        eb.fn.sum<number>('lonely').as('lonely'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to);
    if (ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
    return q.groupBy(['instrument', 'stage', 'pcn_code']).orderBy('instrument').orderBy('stage').execute();
  },
  derive(r) {
    const a = num(r.assessed);
    const l = num(r.lonely);
    if (a === null || l === null || a === 0 || l > a) return { share: null, lower: null, upper: null };
    const w = wilsonInterval(l, a);
    return { share: w.value, lower: w.lower, upper: w.upper };
  },
};

export const equity: Dataset = {
  id: 'equity',
  title: 'Referrals by group',
  description:
    'Referrals by IMD decile, age band, sex, ethnic group and route, with each group’s share of the referrals grouped that way (from the rounded counts).',
  parameters: [...AREA_PERIOD],
  indicator: 'equity',
  source: 'marts.referrals_monthly',
  cells: true,
  columns: [
    { key: 'dimension', label: 'Grouped by', kind: 'dim' },
    { key: 'group', label: 'Group', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'share', label: 'Share of referrals', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  ],
  derive(row, _ctx, rows) {
    const total = sum(rows.filter((r) => r.dimension === row.dimension).map((r) => num(r.referrals) ?? 0));
    return { share: share(row.referrals, total) };
  },
  async query(ctx) {
    const out: Row[] = [];
    for (const [column, label] of GROUPS) {
      const rows = await ctx.db
        .selectFrom('marts.referrals_monthly')
        .select((eb) => [
          eb.ref(column).as('group'),
          'pcn_code',
          eb.fn.sum<number>('referrals').as('referrals'),
        ])
        .where('pcn_code', 'in', ctx.pcns())
        .where('month', '>=', ctx.from)
        .where('month', '<=', ctx.to)
        .groupBy([column, 'pcn_code'])
        .execute();
      rows.sort((a, b) =>
        String(a.group ?? 'unknown').localeCompare(String(b.group ?? 'unknown'), 'en', { numeric: true }),
      );
      for (const r of rows)
        out.push({
          dimension: label,
          group: String(r.group ?? 'unknown'),
          pcn_code: r.pcn_code,
          referrals: r.referrals,
        });
    }
    return out;
  },
};

export const inequality: Dataset = {
  id: 'inequality',
  title: 'Slope index of inequality in wellbeing change',
  description:
    'Slope index of inequality (SII) of the paired mean change across IMD deciles (decile 1 most deprived), per instrument and measure: the modelled gap in mean change between the most and least deprived.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'equity',
  source: 'marts.outcome_pairs',
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'n', label: 'People (paired)', kind: 'count' },
    { key: 'deciles', label: 'Deciles with 8+ people', kind: 'dim' },
    { key: 'sii', label: 'SII', kind: 'value', base: 'n', digits: 2 },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 2 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 2 },
  ],
  async query(ctx) {
    const pairs = await pairsQuery(ctx)
      .select((eb) => [...PAIR_COLUMNS, 'imd_decile', eb.fn.sum<number>('people').as('people')])
      .where('imd_decile', 'is not', null)
      .groupBy([...PAIR_COLUMNS, 'imd_decile'])
      .execute();
    const out: Row[] = [];
    for (const g of groupBy(pairs, (p) => `${p.instrument}\u0000${p.measure}`).values()) {
      const deciles = [...groupBy(g, (p) => String(p.imd_decile)).values()]
        .map((d) => ({
          decile: d[0].imd_decile as number,
          s: instrumentChange(d),
          n: sum(d.map((p) => p.people)),
        }))
        .filter((d) => d.s && d.n >= 8)
        .sort((a, b) => a.decile - b.decile);
      const n = sum(deciles.map((d) => d.n));
      let sii = null;
      if (deciles.length >= 5) {
        try {
          sii = slopeIndexOfInequality(
            deciles.map((d) => ({
              population: d.n,
              value: d.s!.meanChange,
              se: (d.s!.upper - d.s!.lower) / 3.92,
            })),
          );
        } catch {
          sii = null;
        }
      }
      out.push({
        instrument: g[0].instrument,
        measure: g[0].measure,
        n,
        deciles: deciles.length,
        sii: sii?.sii ?? null,
        lower: sii?.lower ?? null,
        upper: sii?.upper ?? null,
      });
    }
    return out.sort((a, b) => `${a.instrument}${a.measure}`.localeCompare(`${b.instrument}${b.measure}`));
  },
};

export const compare: Dataset = {
  id: 'compare',
  title: 'Referral rates by area',
  description:
    'Referrals per 1,000 registered patients a year for the areas one level down (ICBs in England or a region, PCNs in an ICB or sub-ICB), with 95% Byar’s intervals and significance against the benchmark (the parent area’s rate).',
  parameters: [...AREA_PERIOD],
  indicator: 'referral-rate',
  source: 'marts.referrals_monthly, marts.areas',
  breakdown: 'child',
  columns: [
    { key: 'level', label: 'Level', kind: 'dim' },
    { key: 'code', label: 'Code', kind: 'dim' },
    { key: 'name', label: 'Area', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
    {
      key: 'rate',
      label: 'Referrals per 1,000 patients a year',
      kind: 'value',
      base: 'referrals',
      digits: 1,
    },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'benchmark', label: 'Benchmark rate', kind: 'value', digits: 1 },
    { key: 'significance', label: 'Compared with benchmark', kind: 'dim' },
  ],
  async query(ctx) {
    const level = ctx.area.level === 'E' || ctx.area.level === 'REGION' ? 'ICB' : 'PCN';
    const code = level === 'ICB' ? 'icb_code' : 'pcn_code';
    const name = level === 'ICB' ? 'icb_name' : 'pcn_name';
    const within =
      ctx.area.level === 'PCN'
        ? ctx.db
            .selectFrom('marts.areas')
            .select('pcn_code')
            .where(
              'sub_icb_code',
              'in',
              ctx.db.selectFrom('marts.areas').select('sub_icb_code').where('pcn_code', '=', ctx.area.code),
            )
        : ctx.pcns();
    const pops = await ctx.db
      .selectFrom('marts.areas')
      .select((eb) => [
        eb.ref(code).as('code'),
        eb.fn.max(name).as('name'),
        eb.fn.sum<number>('registered_patients').as('pop'),
      ])
      .where('pcn_code', 'in', within)
      .where('is_current', '=', true)
      .groupBy(code)
      .execute();
    // Differencing: each row's count is a sum of protected cells at the finest level the user may
    // see (PCNs in ICBs they cover, whole ICBs elsewhere), so a row, the benchmark built from the
    // rows, and the same area's row in a coarser comparison differ only by whole protected cells.
    const cells = await ctx.db
      .selectFrom('marts.referrals_monthly as r')
      .innerJoin('marts.areas as a', 'a.pcn_code', 'r.pcn_code')
      .select((eb) => [
        eb.ref(`a.${code}`).as('code'),
        'a.icb_code',
        'r.pcn_code',
        eb.fn.sum<number>('r.referrals').as('referrals'),
      ])
      .where('r.pcn_code', 'in', within)
      .where('r.month', '>=', ctx.from)
      .where('r.month', '<=', ctx.to)
      .groupBy([`a.${code}`, 'a.icb_code', 'r.pcn_code'])
      .execute();
    const raw = new Map<string, { code: string; referrals: number }>();
    for (const c of cells) {
      const cell = ctx.finest(c.icb_code) === 'PCN' ? `PCN:${c.pcn_code}` : `ICB:${c.icb_code}`;
      const key = `${c.code}\u0000${cell}`;
      const prev = raw.get(key);
      raw.set(key, { code: String(c.code), referrals: (prev?.referrals ?? 0) + Number(c.referrals) });
    }
    const s = disclosureSettings();
    // a row whose every cell is suppressed is suppressed; otherwise the sum of the cells shown
    const byCode = new Map<string, number | null>();
    for (const { code: k, referrals } of raw.values()) {
      const shown = protect(referrals, s);
      const prev = byCode.get(k) ?? null;
      byCode.set(k, shown === null ? prev : (prev ?? 0) + shown);
    }
    return pops
      .filter((p) => (p.pop ?? 0) > 0)
      .map((p) => ({
        level,
        code: p.code,
        name: p.name,
        referrals: byCode.has(String(p.code)) ? (byCode.get(String(p.code)) ?? null) : 0,
        registered_patients: p.pop,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  },
  derive(r, ctx, rows) {
    const refs = sum(rows.map((x) => num(x.referrals) ?? 0));
    const pops = sum(rows.map((x) => num(x.registered_patients) ?? 0));
    const benchmark = pops ? (refs / pops) * 1000 * yearFactor(ctx) : null;
    const rate = rateRow(r, ctx);
    const lower = num(rate.lower);
    const upper = num(rate.upper);
    const significance =
      benchmark === null || lower === null || upper === null
        ? 'not compared'
        : lower > benchmark
          ? 'higher'
          : upper < benchmark
            ? 'lower'
            : 'similar';
    return { ...rate, benchmark, significance };
  },
};

const yearFactor = (ctx: Context) => 12 / ctx.months;

/** Rate per 1,000 a year from the protected count; Byar's interval; significance vs benchmark. */
function rateRow(r: Row, ctx: Context): Row {
  const count = num(r.referrals);
  const pop = num(r.registered_patients);
  if (count === null || !pop) return { rate: null, lower: null, upper: null };
  const k = (1000 / pop) * yearFactor(ctx);
  const ci = byarsInterval(count);
  return {
    rate: count * k,
    lower: ci.lower * k,
    upper: ci.upper * k,
  };
}

export const targets: Dataset = {
  id: 'targets',
  title: 'National targets',
  description:
    'NHS Long Term Plan, Long Term Workforce Plan and Network Contract DES targets, with the derived trajectory.',
  parameters: ['format'],
  indicator: 'targets',
  source: 'marts.targets',
  columns: [
    { key: 'target_id', label: 'Target', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'area', label: 'Area', kind: 'dim' },
    { key: 'value', label: 'Value', kind: 'population' },
    { key: 'comparison', label: 'Comparison', kind: 'dim' },
    { key: 'due_date', label: 'Due', kind: 'dim' },
    { key: 'is_trajectory', label: 'Trajectory point', kind: 'dim' },
    { key: 'title', label: 'Title', kind: 'dim' },
    { key: 'source', label: 'Source', kind: 'dim' },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.targets')
      .select([
        'target_id',
        'measure',
        'area',
        'value',
        'comparison',
        'due_date',
        'is_trajectory',
        'title',
        'source',
      ])
      .orderBy('measure')
      .orderBy('due_date')
      .execute();
  },
};

export const dqLoads: Dataset = {
  id: 'data-quality',
  title: 'Files loaded',
  description: 'Every file given to the loader: extract, status, rows read, loaded and rejected.',
  parameters: ['format'],
  indicator: 'data-quality',
  source: 'marts.dq_loads',
  columns: [
    { key: 'load_id', label: 'Load', kind: 'dim' },
    { key: 'file_name', label: 'File', kind: 'dim' },
    { key: 'extract_id', label: 'Extract', kind: 'dim' },
    { key: 'status', label: 'Status', kind: 'dim' },
    { key: 'rows_read', label: 'Rows read', kind: 'count' },
    { key: 'rows_loaded', label: 'Rows loaded', kind: 'count' },
    { key: 'rows_rejected', label: 'Rows rejected', kind: 'count' },
    { key: 'started_at', label: 'Started', kind: 'dim' },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.dq_loads')
      .select([
        'load_id',
        'file_name',
        'extract_id',
        'status',
        'rows_read',
        'rows_loaded',
        'rows_rejected',
        'started_at',
      ])
      .orderBy('load_id')
      .execute();
  },
};

export const dqRejects: Dataset = {
  id: 'dq-rejects',
  title: 'Rejected rows by reason',
  description: 'Rows the loader rejected, per extract, column and reason.',
  parameters: ['format'],
  indicator: 'data-quality',
  source: 'marts.dq_rejects',
  columns: [
    { key: 'extract_id', label: 'Extract', kind: 'dim' },
    { key: 'column_name', label: 'Column', kind: 'dim' },
    { key: 'reason', label: 'Reason', kind: 'dim' },
    { key: 'rows', label: 'Rows', kind: 'count' },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.dq_rejects')
      .select((eb) => ['extract_id', 'column_name', 'reason', eb.fn.sum<number>('rows').as('rows')])
      .groupBy(['extract_id', 'column_name', 'reason'])
      .orderBy('rows', 'desc')
      .execute();
  },
};

export const dqCompleteness: Dataset = {
  id: 'dq-completeness',
  title: 'Completeness of optional fields',
  description: 'Per extract and field: rows and rows with a value, in the area.',
  parameters: ['area', 'format'],
  indicator: 'data-quality',
  source: 'marts.dq_completeness',
  columns: [
    { key: 'extract_id', label: 'Extract', kind: 'dim' },
    { key: 'field', label: 'Field', kind: 'dim' },
    { key: 'rows', label: 'Rows', kind: 'count' },
    { key: 'non_null', label: 'With a value', kind: 'count' },
    { key: 'complete', label: 'Complete', kind: 'value', base: 'rows', percent: true, digits: 1 },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.dq_completeness')
      .select((eb) => [
        'extract_id',
        'field',
        eb.fn.sum<number>('rows').as('rows'),
        eb.fn.sum<number>('non_null').as('non_null'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .groupBy(['extract_id', 'field'])
      .orderBy('extract_id')
      .orderBy('field')
      .execute();
  },
  derive: (r) => ({ complete: share(r.non_null, r.rows) }),
};

export const dqCompletenessByPcn: Dataset = {
  id: 'dq-completeness-by-pcn',
  title: 'Completeness of optional fields by PCN',
  description:
    'Per PCN in the area: values recorded in optional fields over all extracts, as a share of the values that could be recorded (rows × fields), least complete first.',
  parameters: ['area', 'format'],
  indicator: 'data-quality',
  source: 'marts.dq_completeness, marts.areas',
  breakdown: 'pcn',
  columns: [
    { key: 'pcn_code', label: 'PCN code', kind: 'dim' },
    { key: 'pcn_name', label: 'PCN', kind: 'dim' },
    { key: 'cells', label: 'Values expected', kind: 'count' },
    { key: 'non_null', label: 'Values recorded', kind: 'count' },
    { key: 'complete', label: 'Complete', kind: 'value', base: 'cells', percent: true, digits: 1 },
  ],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.dq_completeness as c')
      .innerJoin('marts.areas as a', 'a.pcn_code', 'c.pcn_code')
      .select((eb) => [
        'c.pcn_code',
        eb.fn.max('a.pcn_name').as('pcn_name'),
        eb.fn.sum<number>('c.rows').as('cells'),
        eb.fn.sum<number>('c.non_null').as('non_null'),
      ])
      .where('c.pcn_code', 'in', ctx.detailPcns())
      .groupBy('c.pcn_code')
      .execute();
    return rows
      .map((r) => ({ ...r, ratio: r.cells ? r.non_null / r.cells : 1 }))
      .sort((a, b) => a.ratio - b.ratio || String(a.pcn_code).localeCompare(String(b.pcn_code)))
      .map(({ ratio: _ratio, ...r }) => r);
  },
  derive: (r) => ({ complete: share(r.non_null, r.cells) }),
};

export const dqCodes: Dataset = {
  id: 'dq-snomed',
  title: 'SNOMED conformance and duplicates',
  description:
    'Per month: referrals with the accepted SNOMED code, the declined code or another code, and referrals delivered more than once.',
  parameters: [...AREA_PERIOD],
  indicator: 'data-quality',
  source: 'marts.dq_snomed, marts.dq_duplicates',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'accepted_code', label: 'Accepted code', kind: 'count' },
    { key: 'declined_code', label: 'Declined code', kind: 'count' },
    { key: 'other_code', label: 'Other code', kind: 'count' },
    { key: 'delivered_more_than_once', label: 'Delivered more than once', kind: 'count' },
    { key: 'conformant', label: 'Conformant', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  ],
  async query(ctx) {
    const codes = await ctx.db
      .selectFrom('marts.dq_snomed')
      .select((eb) => [
        'month',
        eb.fn.sum<number>('referrals').as('referrals'),
        eb.fn.sum<number>('accepted_code').as('accepted_code'),
        eb.fn.sum<number>('declined_code').as('declined_code'),
        eb.fn.sum<number>('other_code').as('other_code'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy('month')
      .orderBy('month')
      .execute();
    const dups = await ctx.db
      .selectFrom('marts.dq_duplicates')
      .select((eb) => ['month', eb.fn.sum<number>('delivered_more_than_once').as('d')])
      .where('pcn_code', 'in', ctx.pcns())
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .groupBy('month')
      .execute();
    const d = new Map(dups.map((r) => [r.month, r.d]));
    return codes.map((r) => ({ ...r, delivered_more_than_once: d.get(r.month) ?? 0 }));
  },
  derive: (r) => ({
    conformant: share(
      num(r.accepted_code) !== null && num(r.declined_code) !== null
        ? (r.accepted_code as number) + (r.declined_code as number)
        : null,
      r.referrals,
    ),
  }),
};

export const areas: Dataset = {
  id: 'areas',
  title: 'Areas',
  description: 'PCNs with their sub-ICB, ICB and region (ODS codes and names) and registered patients.',
  parameters: ['area', 'format'],
  indicator: 'referral-rate',
  source: 'marts.areas',
  columns: [
    { key: 'pcn_code', label: 'PCN code', kind: 'dim' },
    { key: 'pcn_name', label: 'PCN', kind: 'dim' },
    { key: 'sub_icb_code', label: 'Sub-ICB code', kind: 'dim' },
    { key: 'sub_icb_name', label: 'Sub-ICB', kind: 'dim' },
    { key: 'icb_code', label: 'ICB code', kind: 'dim' },
    { key: 'icb_name', label: 'ICB', kind: 'dim' },
    { key: 'region_code', label: 'Region code', kind: 'dim' },
    { key: 'region_name', label: 'Region', kind: 'dim' },
    { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
  ],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.areas')
      .select([
        'pcn_code',
        'pcn_name',
        'sub_icb_code',
        'sub_icb_name',
        'icb_code',
        'icb_name',
        'region_code',
        'region_name',
        'registered_patients',
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .where('is_current', '=', true)
      .orderBy('pcn_code')
      .execute();
    // listed no finer than the user may open: PCNs only in ICBs they cover, ICBs elsewhere (a
    // viewer), England alone (the public); the rows of a coarser area are merged
    const out = new Map<string, Row>();
    for (const r of rows) {
      const finest = ctx.finest(r.icb_code);
      const row: Row = { ...r };
      if (finest !== 'PCN') {
        row.pcn_code = row.pcn_name = row.sub_icb_code = row.sub_icb_name = null;
      }
      if (finest === 'E' || finest === 'REGION') row.icb_code = row.icb_name = null;
      if (finest === 'E') row.region_code = row.region_name = null;
      const key = [row.region_code, row.icb_code, row.pcn_code].join('/');
      const prev = out.get(key);
      if (prev)
        prev.registered_patients = (prev.registered_patients as number) + (r.registered_patients ?? 0);
      else out.set(key, row);
    }
    return [...out.values()];
  },
};

register(
  referrals,
  byRoute,
  byReason,
  bySnomed,
  funnel,
  waits,
  supportVsNeeds,
  supportOffered,
  workforce,
  capacityByPcn,
  outcomes,
  outcomeDistribution,
  outcomesByGroup,
  completeness,
  loneliness,
  lonelinessChange,
  equity,
  inequality,
  compare,
  targets,
  dqLoads,
  dqRejects,
  dqCompleteness,
  dqCompletenessByPcn,
  dqCodes,
  areas,
);
