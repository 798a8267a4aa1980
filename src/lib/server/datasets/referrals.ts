import { sql } from 'kysely';
import type { Dataset } from '../dataset.ts';
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
    const rows = await inAreaAndPeriod(ctx, 'marts.referral_waits')
      .select((eb) => [
        'wait_band',
        ...cellSelect(ctx, 'referral_waits'),
        eb.fn.min('wait_band_order').as('o'),
        eb.fn.sum<number>('referrals').as('referrals'),
      ])
      .groupBy([sql.ref('wait_band'), ...cellGroup(ctx)])
      .orderBy('o')
      .execute();
    return rows.map((r) => ({ wait: r.wait_band, cell: r.cell, referrals: r.referrals }));
  },
};
