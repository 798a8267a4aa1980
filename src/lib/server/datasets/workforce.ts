import type { Dataset } from '../dataset.ts';
import { areaCode, monthlyLists } from './registered-patients.ts';
import { AREA_PERIOD, PAGED, share } from './shared.ts';

/** Link workers: in post per month, and each PCN's capacity against its referrals. */
const LINK_WORKER = 'social_prescribing_link_worker';

export const workforce: Dataset = {
  id: 'workforce',
  title: 'Link workers per month',
  description:
    'Social prescribing link workers in post (headcount and FTE) per month up to the end of the period, counted at the area’s own level: NHS Digital’s headcount is distinct staff in the area (PCN headcounts do not add up to an ICB’s). Each month shows one source: local returns where the area has any for the month, else NHS Digital’s PCN workforce census (source), with how many of the area’s PCNs reported, how many have more than 0 FTE, and FTE per 50,000 of the patients registered in that month (the month’s list, not today’s).',
  parameters: ['area', 'to', 'format'],
  indicator: 'link-worker-fte',
  source: 'marts.workforce_areas_monthly, marts.registered_patients_monthly, marts.areas',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'source', label: 'Source', kind: 'dim' },
    { key: 'headcount', label: 'Headcount', kind: 'staff' },
    { key: 'fte', label: 'FTE', kind: 'staff', digits: 1 },
    { key: 'pcns_reporting', label: 'PCNs reporting', kind: 'staff' },
    { key: 'pcns_in_area', label: 'PCNs in the area', kind: 'staff' },
    { key: 'pcns_with_link_worker', label: 'PCNs with a link worker (FTE > 0)', kind: 'staff' },
    { key: 'registered_patients', label: 'Registered patients in the month', kind: 'population' },
    { key: 'fte_per_50k', label: 'FTE per 50,000 patients', kind: 'staff', digits: 2 },
  ],
  async query(ctx) {
    const [rows, inArea, lists] = await Promise.all([
      ctx.db
        .selectFrom('marts.workforce_areas_monthly')
        .select(['month', 'source', 'headcount', 'fte', 'pcns_reporting', 'pcns_with_staff'])
        // the area's own row: headcounts are counted at each level, never summed from PCNs
        .where('area_level', '=', ctx.area.level)
        .where('area_code', '=', ctx.area.code)
        .where('staff_role', '=', LINK_WORKER)
        .where('is_latest_source', '=', true)
        .where('month', '<=', ctx.to)
        .orderBy('month')
        .execute(),
      ctx.db
        .selectFrom('marts.areas')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('pcn_code', 'in', ctx.pcns())
        .where('is_current', '=', true)
        .executeTakeFirst(),
      // each month's own registered list (issue 12: today's list made past months' rates wrong)
      monthlyLists(ctx.db, ctx.area.level, [areaCode(ctx.area)], null, ctx.to),
    ]);
    const patientsIn = new Map(
      lists.map((l) => [String(l.month).slice(0, 7), Number(l.registered_patients)]),
    );
    return rows.map((r) => {
      const patients = patientsIn.get(String(r.month).slice(0, 7)) ?? null;
      return {
        month: r.month,
        source: r.source,
        headcount: r.headcount,
        fte: Math.round(r.fte * 1e6) / 1e6,
        pcns_reporting: r.pcns_reporting,
        pcns_in_area: Number(inArea?.n ?? 0),
        pcns_with_link_worker: r.pcns_with_staff,
        registered_patients: patients,
        fte_per_50k: patients !== null && patients > 0 ? (r.fte / patients) * 50000 : null,
      };
    });
  },
};

export const capacityByPcn: Dataset = {
  id: 'capacity-by-pcn',
  title: 'Link-worker capacity by PCN',
  description:
    'For the last month of the period: each PCN’s link workers (distinct staff), FTE per 50,000 registered patients, accepted referrals in the 12 months to then, the months of those with referral data, and referrals per FTE a year (accepted referrals annualised over those months, per FTE in the month: read against the caseload guide of 200–250 a year).',
  parameters: [...AREA_PERIOD, ...PAGED],
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
    { key: 'referrals_12m', label: 'Accepted referrals, 12 months', kind: 'count' },
    { key: 'referral_months', label: 'Months with referral data', kind: 'dim' },
    {
      key: 'referrals_per_fte',
      label: 'Referrals per FTE a year',
      kind: 'value',
      base: 'referrals_12m',
      digits: 0,
    },
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
        'c.accepted_referrals_12_months as referrals_12m',
        'c.referral_months',
      ])
      .where('c.pcn_code', 'in', ctx.detailPcns())
      .where('c.month', '=', latest.m as string)
      .where('a.is_current', '=', true)
      .orderBy('c.link_worker_fte')
      .orderBy('c.pcn_code')
      .execute();
  },
  // from the PROTECTED referral count, annualised over the months with referral data: the mart's
  // own ratio × FTE gave the raw count back
  derive: (r) => {
    const months = typeof r.referral_months === 'number' && r.referral_months > 0 ? r.referral_months : null;
    const perFte = share(r.referrals_12m, r.fte);
    return { referrals_per_fte: perFte === null || months === null ? null : (perFte * 12) / months };
  },
};
