import type { Dataset } from '../dataset.ts';
import { AREA_PERIOD, share } from './shared.ts';

/** Link workers: in post per month, and each PCN's capacity against its referrals. */
const LINK_WORKER = 'social_prescribing_link_worker';

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
      ])
      .where('c.pcn_code', 'in', ctx.detailPcns())
      .where('c.month', '=', latest.m as string)
      .where('a.is_current', '=', true)
      .orderBy('c.link_worker_fte')
      .orderBy('c.pcn_code')
      .execute();
  },
  // from the PROTECTED referral count: the mart's own ratio × FTE gave the raw count back
  derive: (r) => ({ referrals_per_fte: share(r.referrals_12m, r.fte) }),
};
