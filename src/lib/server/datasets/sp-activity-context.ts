import type { Dataset, Row } from '../dataset.ts';
import { monthlyLists, areaCode } from './registered-patients.ts';
import { AREA_PERIOD, num, sumPerCell } from './shared.ts';

/**
 * National context for health-care use (issue 15): the area's own link-worker activity (referrals
 * received in the month per 1,000 patients registered that month) beside NHS England's published
 * social prescribing appointments in general practice per 1,000 registered patients (GPAD
 * "Social Prescribing Service", marts.gp_appointments_monthly). GPAD is published for England
 * every month from December 2022 and for regions, ICBs and sub-ICBs only for May 2025 (none for
 * PCNs): each month shows the area's own figure where there is one and England's otherwise, and
 * says which (`sp_appointments_area`). Two different things, side by side for scale: GPAD counts
 * appointments recorded in GP systems (any staff), the extracts count referrals to link workers.
 */
export const spActivityContext: Dataset = {
  id: 'sp-activity-context',
  title: 'Link-worker referrals beside social prescribing appointments in general practice',
  description:
    'Per month of the period: referrals to link workers received in the area per 1,000 patients registered in the area that month, beside NHS England’s published appointments in the GP category “Social Prescribing Service” per 1,000 registered patients (Appointments in General Practice) for the area where published (regions, ICBs and sub-ICBs: May 2025 only) and for England otherwise (monthly from December 2022), with the area the published figure is for. Appointments in GP systems and referrals are different counts: shown together for scale, not as a ratio.',
  parameters: [...AREA_PERIOD],
  indicator: 'sp-activity-context',
  source: 'marts.referrals_monthly, marts.registered_patients_monthly, marts.gp_appointments_monthly',
  cells: true,
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals to link workers', kind: 'count' },
    // published lists (NHS England), shown as published
    { key: 'registered_patients', label: 'Registered patients in the area', kind: 'population' },
    {
      key: 'referrals_per_1000',
      label: 'Referrals per 1,000 registered patients in the month',
      kind: 'value',
      base: 'referrals',
      digits: 2,
    },
    { key: 'sp_appointments_area', label: 'Published appointments are for', kind: 'dim' },
    {
      key: 'sp_appointments_per_1000',
      label: 'GP social prescribing appointments per 1,000 patients (NHS England)',
      kind: 'value',
      digits: 2,
    },
  ],
  derive(row) {
    const r = num(row.referrals);
    const p = num(row.registered_patients);
    return { referrals_per_1000: r !== null && p ? (r / p) * 1000 : null };
  },
  async query(ctx) {
    const code = areaCode(ctx.area);
    const lists = new Map(
      (await monthlyLists(ctx.db, ctx.area.level, [code], ctx.from, ctx.to)).map((l) => [
        String(l.month).slice(0, 7),
        Number(l.registered_patients),
      ]),
    );
    // published GPAD rows of the area's own level (none for PCNs) and of England, in the period
    const gpad = await ctx.db
      .selectFrom('marts.gp_appointments_monthly')
      .select(['month', 'area_level', 'area_code', 'appointments', 'registered_patients'])
      .where((eb) =>
        eb.or([
          eb.and([eb('area_level', '=', 'E'), eb('area_code', '=', 'E')]),
          ...(ctx.area.level === 'E' || ctx.area.level === 'PCN'
            ? []
            : [eb.and([eb('area_level', '=', ctx.area.level), eb('area_code', '=', ctx.area.code)])]),
        ]),
      )
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .execute();
    const published = (month: string) => {
      const inMonth = gpad.filter((g) => String(g.month).slice(0, 7) === month);
      const own = inMonth.find((g) => g.area_level !== 'E') ?? inMonth.find((g) => g.area_level === 'E');
      const a = num(own?.appointments);
      const p = num(own?.registered_patients);
      if (!own || a === null || !p) return { sp_appointments_area: null, sp_appointments_per_1000: null };
      return {
        sp_appointments_area: own.area_level === 'E' ? 'England' : ctx.area.name,
        sp_appointments_per_1000: (a / p) * 1000,
      };
    };
    const cells = await sumPerCell(
      ctx,
      'marts.referrals_monthly',
      { month: 'month' },
      { referrals: 'referrals' },
      { orderBy: ['month'] },
    );
    return cells.map((c): Row => {
      const month = String(c.month).slice(0, 7);
      return { ...c, month, registered_patients: lists.get(month) ?? null, ...published(month) };
    });
  },
};
