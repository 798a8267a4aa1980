import type { Dataset } from '../dataset.ts';
import { AREA_PERIOD, num } from './shared.ts';

/**
 * NHS England's count of social prescribing appointments in GP systems (GPAD national category
 * "Social Prescribing Service"): a published national statistic, read as published. England has
 * a month each from December 2022; regions, ICBs and sub-ICBs only May 2025 (Table 3f), shown
 * whatever the period chosen; PCNs none.
 */
export const gpSocialPrescribingAppointments: Dataset = {
  id: 'gp-social-prescribing-appointments',
  title: 'Social prescribing appointments in general practice (NHS England GPAD)',
  description:
    'Appointments recorded in GP systems under the national category "Social Prescribing Service" (NHS England, Appointments in General Practice), per month up to the end of the period, with the patients registered at the practices whose appointments are counted and the rate per 1,000 of them. Appointments, not people or referrals; published figures, shown as published. England monthly from December 2022 (Table 1a), up to the end of the period. Regions, ICBs and sub-ICB locations: May 2025 only (Table 3f), shown whatever the period, because NHS England publishes the other months for England only; none for PCNs.',
  parameters: [...AREA_PERIOD],
  indicator: 'gp-sp-appointments',
  source: 'marts.gp_appointments_monthly',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    // published statistics (NHS England), not counts of this warehouse's people: as published
    { key: 'appointments', label: 'Social prescribing appointments', kind: 'population' },
    { key: 'registered_patients', label: 'Patients at the practices included', kind: 'population' },
    { key: 'per_1000_patients', label: 'Per 1,000 patients', kind: 'value', digits: 2 },
  ],
  derive(row) {
    const a = num(row.appointments);
    const p = num(row.registered_patients);
    return { per_1000_patients: a !== null && p ? (a / p) * 1000 : null };
  },
  async query(ctx) {
    if (ctx.area.level === 'PCN') return [];
    const rows = await ctx.db
      .selectFrom('marts.gp_appointments_monthly')
      .select(['month', 'appointments', 'registered_patients'])
      .where('area_level', '=', ctx.area.level)
      .where('area_code', '=', ctx.area.level === 'E' ? 'E' : ctx.area.code)
      // below England NHS England published one month (May 2025, Table 3f): it is shown whatever
      // the period, so a region, ICB or sub-ICB whose data end earlier still sees its one figure
      .$if(ctx.area.level === 'E', (q) => q.where('month', '<=', ctx.to))
      .orderBy('month')
      .execute();
    return rows.map((r) => ({ ...r, month: String(r.month).slice(0, 7) }));
  },
};
