import { sql } from 'kysely';
import type { Dataset, Row } from '../dataset.ts';
import { AREA_PERIOD, inAreaAndPeriod, num, cellGroup, cellSelect, share, sumPerCell } from './shared.ts';

/** Referrals: per month, by route, SNOMED status and reason, along the pathway, and waits. */
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
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.referrals_monthly',
      { month: 'month' },
      { referrals: 'referrals' },
      { orderBy: ['month'] },
    ),
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
    query: (ctx) => sumPerCell(ctx, 'marts.referrals_monthly', { group: column }, { referrals: 'referrals' }),
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
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.referral_reasons_monthly',
      { group: 'referral_reason' },
      { referrals: 'referrals' },
    ),
};

/**
 * The pathway's steps (marts.referral_funnel): accepted referrals reaching each, where a step is
 * reached when recorded or implied by a later step that needs it — a blank optional field is "not
 * recorded", not "did not happen". Plan agreed, linked and follow-up are each within contacted but
 * not within one another (people are linked without a recorded plan, and reviewed whether or not
 * they took an activity up).
 */
export const FUNNEL = [
  ['referred', 'Referred'],
  ['accepted', 'Accepted (SNOMED 871731000000106)'],
  ['contacted', 'Contacted (first contact, or a later step recorded)'],
  ['plan_agreed', 'Plan agreed (recorded, or blank and support offered)'],
  ['linked_to_activity', 'Linked to an activity (support offered)'],
  ['took_up_activity', 'Took up an activity'],
  ['follow_up_recorded', 'Follow-up recorded (complete follow-up assessment)'],
] as const;

export const funnel: Dataset = {
  id: 'referral-funnel',
  title: 'Referral pathway',
  description:
    'Referrals reaching each step of the pathway: referred, accepted, contacted, plan agreed, linked to an activity, took it up, follow-up recorded. A step counts when recorded or implied by a later step; a blank optional field (such as the care plan) is not read as “no”.',
  parameters: [...AREA_PERIOD],
  indicator: 'referral-funnel',
  source: 'marts.referral_funnel',
  cells: true,
  columns: [
    { key: 'step', label: 'Step', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    {
      key: 'share',
      label: 'Share of referred',
      kind: 'value',
      base: 'referrals',
      // 100 % of a small area's referred (everyone accepted, everyone contacted) says something of
      // each of them: withheld with the step's count by the 0 %/100 % rule (release/disclose.ts)
      numerator: 'referrals',
      percent: true,
      digits: 1,
    },
  ],
  async query(ctx) {
    const byCell = await sumPerCell(
      ctx,
      'marts.referral_funnel',
      {},
      Object.fromEntries(FUNNEL.map(([k]) => [k, k])),
    );
    // one row per step even when nothing was referred (the release path sums the cells per step)
    return FUNNEL.flatMap(([k, label]) => [
      { step: label, cell: null, referrals: 0 },
      ...byCell.map((r) => ({ step: label, cell: r.cell ?? null, referrals: num(r[k]) ?? 0 })),
    ]);
  },
  // the first step is the denominator: its share is 100 % by definition and not shown
  derive: (row, _ctx, rows) => ({ share: row === rows[0] ? null : share(row.referrals, rows[0].referrals) }),
};

const WAIT_COLUMNS = [
  { key: 'contacted', label: 'Contacted', kind: 'count' },
  { key: 'still_waiting', label: 'Still waiting at the data date', kind: 'count' },
  { key: 'referrals', label: 'All accepted referrals', kind: 'count' },
] as const satisfies Dataset['columns'];

/**
 * Waits to first contact including the people still waiting: accepted referrals by days from
 * referral to first contact (contacted) or, for people not yet contacted whose episode is open, to
 * the data date (a wait so far; theirs will be at least that). Episodes closed without a contact
 * have no wait and are left out.
 */
export const waits: Dataset = {
  id: 'referral-waits',
  title: 'Waits to first contact, including people still waiting',
  description:
    'Accepted referrals by days from referral to first contact with a link worker; people not yet contacted (episode open) by days waited so far at the data date.',
  parameters: [...AREA_PERIOD],
  indicator: 'waits',
  source: 'marts.referral_waits',
  total: true,
  cells: true,
  columns: [{ key: 'wait', label: 'Days from referral', kind: 'dim' }, ...WAIT_COLUMNS],
  async query(ctx) {
    const rows = await inAreaAndPeriod(ctx, 'marts.referral_waits')
      .select((eb) => [
        'wait_band',
        ...cellSelect(ctx, 'referral_waits'),
        eb.fn.min('wait_band_order').as('o'),
        eb.fn.sum<number>(sql`case when status = 'contacted' then referrals else 0 end`).as('contacted'),
        eb.fn
          .sum<number>(sql`case when status = 'still_waiting' then referrals else 0 end`)
          .as('still_waiting'),
        eb.fn.sum<number>('referrals').as('referrals'),
      ])
      .groupBy([sql.ref('wait_band'), ...cellGroup(ctx)])
      .orderBy('o')
      .execute();
    return rows.map((r) => ({
      wait: r.wait_band,
      cell: r.cell,
      contacted: r.contacted,
      still_waiting: r.still_waiting,
      referrals: r.referrals,
    }));
  },
};

/**
 * The share of accepted referrals waiting more than 4 weeks for a first contact, counting those
 * still waiting: among referrals made more than 28 days before the data date (so each one's wait
 * over 28 days is known), contacted or still waiting, those contacted after day 28 or not contacted
 * yet.
 */
export const waitsOverFourWeeks: Dataset = {
  id: 'referral-waits-over-4-weeks',
  title: 'Waiting more than 4 weeks for a first contact',
  description:
    'Accepted referrals made more than 28 days before the data date (contacted, or not contacted with the episode open): how many waited, or are still waiting, more than 28 days for a first contact.',
  parameters: [...AREA_PERIOD],
  indicator: 'waits',
  source: 'marts.referral_waits',
  cells: true,
  columns: [
    { key: 'referrals', label: 'Accepted referrals over 28 days old', kind: 'count' },
    { key: 'over', label: 'Waited or waiting over 28 days', kind: 'count' },
    { key: 'still_waiting', label: 'Of whom still waiting', kind: 'count' },
    {
      key: 'share',
      label: 'Share over 28 days',
      kind: 'value',
      base: 'referrals',
      numerator: 'over',
      percent: true,
      digits: 0,
    },
  ],
  async query(ctx) {
    let q = inAreaAndPeriod(ctx, 'marts.referral_waits')
      .where('is_older_than_28_days', '=', true)
      .select((eb) => [
        ...cellSelect(ctx, 'referral_waits'),
        eb.fn.sum<number>('referrals').as('referrals'),
        // bands 4 and 5 are 29–56 and 57+ days (WAIT_THRESHOLD_DAYS = 28 in referral_waits.ts)
        eb.fn.sum<number>(sql`case when wait_band_order > 3 then referrals else 0 end`).as('over'),
        eb.fn
          .sum<number>(sql`case when status = 'still_waiting' then referrals else 0 end`)
          .as('still_waiting'),
      ]);
    if (cellGroup(ctx).length) q = q.groupBy(cellGroup(ctx));
    const rows = await q.execute();
    // one row even when there is nothing (the registry sums the cells' rows)
    return [{ cell: null, referrals: 0, over: 0, still_waiting: 0 }, ...rows] as Row[];
  },
  derive: (r) => ({ share: share(r.over, r.referrals) }),
};

/**
 * People referred: distinct person pseudonyms at the area's own level (marts.people_referred), per
 * month of the period and per financial year touching it, with the referral episodes beside them.
 * Distinct counts do not add up across months or areas, so each row is counted in DuckDB for
 * exactly that area and period, never summed from smaller ones (no cells: a row is one count).
 */
export const peopleReferred: Dataset = {
  id: 'people-referred',
  title: 'People referred',
  description:
    'Distinct people referred (a person referred twice counts once) and referral episodes, per month and per financial year (April–March), for the area as a whole.',
  parameters: [...AREA_PERIOD],
  indicator: 'referrals',
  source: 'marts.people_referred',
  columns: [
    { key: 'period', label: 'Period', kind: 'dim' },
    { key: 'people', label: 'People referred', kind: 'count' },
    { key: 'referrals', label: 'Referrals (episodes)', kind: 'count' },
  ],
  async query(ctx) {
    const level = ctx.area.level;
    const code = level === 'E' ? 'E' : ctx.area.code;
    // financial years from the one holding `from` to the one holding `to`
    const fyStart = (iso: string) => {
      const y = Number(iso.slice(0, 4)) - (Number(iso.slice(5, 7)) < 4 ? 1 : 0);
      return `${y}-04-01`;
    };
    const rows = await ctx.db
      .selectFrom('marts.people_referred')
      .select(['period_type', 'period_start', 'people', 'referrals'])
      .where('area_level', '=', level)
      .where('area_code', '=', code)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('period_type', '=', 'month'),
            eb('period_start', '>=', ctx.from),
            eb('period_start', '<=', ctx.to),
          ]),
          eb.and([
            eb('period_type', '=', 'financial_year'),
            eb('period_start', '>=', fyStart(ctx.from)),
            eb('period_start', '<=', fyStart(ctx.to)),
          ]),
        ]),
      )
      .orderBy('period_type')
      .orderBy('period_start')
      .execute();
    return rows.map((r) => ({
      period:
        r.period_type === 'month'
          ? r.period_start.slice(0, 7)
          : `${r.period_start.slice(0, 4)}-${String((Number(r.period_start.slice(0, 4)) + 1) % 100).padStart(2, '0')} (financial year)`,
      people: r.people,
      referrals: r.referrals,
    }));
  },
};
