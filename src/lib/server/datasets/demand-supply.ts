import {
  CASELOAD_GUIDE,
  MIN_FORECAST_MONTHS,
  RECENT_MONTHS,
  forecastCounts,
  monthlyCapacity,
} from '#lib/stats/index.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
import { monthIndex, monthOf } from './capacity-projection.ts';
import { AREA_PERIOD, num, sumPerCell } from './shared.ts';

const LINK_WORKER = 'social_prescribing_link_worker';
/**
 * The forecast is made from the last 12 months of the period (fewer if the period is shorter): the
 * mean of the latest 3, its interval from the one-step errors of the months before them.
 */
export const FIT_MONTHS = 12;
/** Forecast for the 12 months after the period. */
export const FORECAST_MONTHS = 12;

/** The months from `from` to `to` inclusive, as `YYYY-MM`. */
const monthsFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = monthIndex(from); t <= monthIndex(to); t++) out.push(monthOf(t));
  return out;
};

/**
 * Each month's link-worker FTE for the area: NHS Digital's latest observation in or before the
 * month (it is quarterly), held for the months forecast. Null before the first observation.
 */
async function fteByMonth(ctx: Context, months: string[]): Promise<Map<string, number | null>> {
  const rows = await ctx.db
    .selectFrom('marts.workforce_areas_monthly')
    .select(['month', 'fte'])
    .where('staff_role', '=', LINK_WORKER)
    .where('is_latest_source', '=', true)
    .where('area_level', '=', ctx.area.level)
    .where('area_code', '=', ctx.area.code)
    .where('month', '<=', ctx.to)
    .execute();
  const obs = rows
    .map((r) => ({ month: String(r.month).slice(0, 7), fte: Number(r.fte) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  return new Map(months.map((m) => [m, obs.filter((o) => o.month <= m).at(-1)?.fte ?? null]));
}

/**
 * Accepted referrals a month against the referrals the area's link workers can take on: the
 * observed months of the period and a forecast for the 12 after it. The counts are protected per
 * cell (area × month) before the forecast is made from them (`derive` sees protected counts only), so
 * the forecast rests on nothing but released figures.
 */
export const demandSupply: Dataset = {
  id: 'demand-supply',
  title: 'Referrals forecast against link-worker capacity',
  description: `Accepted referrals a month in the period, and a forecast for the ${FORECAST_MONTHS} months after it: the mean of the protected counts of the latest ${RECENT_MONTHS} months shown, held flat, with a 95% prediction interval of ± 1.96 × the root mean square of the same method's one-step errors over the period's last ${FIT_MONTHS} months (at least ${MIN_FORECAST_MONTHS} months shown; suppressed months left out; cut at 0). Chosen because it had the lowest error of seven methods on NHS England's national social prescribing appointments. Against capacity: link-worker FTE (NHS Digital's latest observation in or before the month, held at the latest for the months forecast) × NHS England's caseload guide of ${CASELOAD_GUIDE.low}–${CASELOAD_GUIDE.high} people a year per FTE, a month. The guide is an assumption about capacity, not a measurement; the forecast is a planning aid.`,
  parameters: [...AREA_PERIOD],
  indicator: 'demand-supply',
  source: 'marts.referral_funnel, marts.workforce_areas_monthly',
  cells: true,
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'series', label: 'Observed or forecast', kind: 'dim' },
    { key: 'referrals', label: 'Accepted referrals', kind: 'count' },
    { key: 'forecast', label: 'Forecast referrals', kind: 'value', digits: 0 },
    { key: 'lower', label: '95% PI lower', kind: 'value', digits: 0 },
    { key: 'upper', label: '95% PI upper', kind: 'value', digits: 0 },
    { key: 'fte', label: 'Link-worker FTE', kind: 'staff', digits: 1 },
    {
      key: 'capacity_low',
      label: `Capacity (${CASELOAD_GUIDE.low} a year per FTE)`,
      kind: 'value',
      digits: 0,
    },
    {
      key: 'capacity_high',
      label: `Capacity (${CASELOAD_GUIDE.high} a year per FTE)`,
      kind: 'value',
      digits: 0,
    },
  ],
  async query(ctx) {
    const observed = monthsFrom(ctx.from.slice(0, 7), ctx.to.slice(0, 7));
    const end = monthIndex(ctx.to.slice(0, 7));
    const future = Array.from({ length: FORECAST_MONTHS }, (_, i) => monthOf(end + 1 + i));
    const [counts, fte] = await Promise.all([
      sumPerCell(ctx, 'marts.referral_funnel', { month: 'month' }, { referrals: 'accepted' }),
      fteByMonth(ctx, [...observed, ...future]),
    ]);
    // a month without referral rows is left out of the forecast (a gap in the data, not a 0)
    return [
      ...counts.map((r) => ({
        ...r,
        month: String(r.month).slice(0, 7),
        series: 'observed',
        fte: fte.get(String(r.month).slice(0, 7)) ?? null,
      })),
      ...future.map((m) => ({ month: m, series: 'forecast', referrals: null, fte: fte.get(m) ?? null })),
    ].sort((a, b) => a.month.localeCompare(b.month)) as Row[];
  },
  derive(row, _ctx, rows) {
    const fte = num(row.fte);
    const capacity = fte === null ? null : monthlyCapacity(fte);
    const out: Row = { capacity_low: capacity?.low ?? null, capacity_high: capacity?.high ?? null };
    if (row.series !== 'forecast') return { ...out, forecast: null, lower: null, upper: null };
    const history = rows
      .filter((r) => r.series === 'observed')
      .map((r) => ({ t: monthIndex(String(r.month)), y: num(r.referrals) }))
      .sort((a, b) => a.t - b.t)
      .slice(-FIT_MONTHS);
    const [p] = forecastCounts(history, [monthIndex(String(row.month))]) ?? [];
    return { ...out, forecast: p?.value ?? null, lower: p?.lower ?? null, upper: p?.upper ?? null };
  },
};
