/**
 * The target in force for a month, from the targets table (marts.targets: the national targets in
 * warehouse/reference/targets_national.csv and any local ones loaded in the same format). Targets
 * are data: pages and datasets read them through this, never as constants.
 *
 * For one measure and area, the loaded points (is_derived false) sorted by due date make a line:
 * - a trajectory point (is_trajectory) starts a straight line to the next point, so a month between
 *   them takes the linearly interpolated value at the month's last day (e.g. the Long Term Workforce
 *   Plan: 3,000 social prescribers on 30 June 2023 → 9,000 by 31 March 2037; 31 January 2024 is
 *   3,000 + 6,000 × 215 / 5,023 days = 3,256.8);
 * - a month before a target with no trajectory leading to it takes that target's value (due);
 * - a month after the last target, or before a trajectory has started, takes the latest target
 *   already due, marked past (e.g. 1,000 by 2020/21 for September 2022).
 * An area's own target comes first; without one England's applies, pro-rata to the area's share of
 * England's registered patients for counts, as it is for rates (per 50,000 patients).
 */
export interface TargetPoint {
  target_id: string;
  measure: string;
  area: string;
  value: number;
  comparison: string;
  due_date: string;
  is_trajectory: boolean;
  title: string;
  source: string;
  is_derived?: boolean;
}

export type TargetStatus = 'trajectory' | 'due' | 'past';

export interface TargetAt {
  /** the value for the month (for the area: its own, or England's pro-rata) */
  value: number;
  /** England's value for the month when the area's is pro-rata, else null */
  national: number | null;
  basis: 'area' | 'england' | 'england_pro_rata';
  status: TargetStatus;
  /** the target the month is measured against: the end of its trajectory, or the target itself */
  target: TargetPoint;
  /** the target's own value for the area (pro-rata like `value`) */
  targetValue: number;
  month: string;
}

const DAY = 86_400_000;
const time = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** The last day of the month of `month` (YYYY-MM or an ISO date), as YYYY-MM-DD. */
export function monthEnd(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])/.test(month)) throw new Error(`invalid month: ${month}`);
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  return d.toISOString().slice(0, 10);
}

/**
 * Rates per patients (`…_per_50k`) are not pro-rata: one link worker per 50,000 patients is the same
 * in every area. Counts a year (`referrals_per_year`: people referred a year) are counts, pro-rata
 * like FTE; reading every `_per_` as a rate gave each area England's whole 900,000.
 */
export const isRate = (measure: string) => /_per_\d+k?$/.test(measure);

/** The value of one series (one measure, one area) at a month, or null when no target applies. */
export function seriesAt(
  points: TargetPoint[],
  month: string,
): { value: number; status: TargetStatus; target: TargetPoint } | null {
  const sorted = points.filter((p) => !p.is_derived).sort((a, b) => a.due_date.localeCompare(b.due_date));
  const d = monthEnd(month);
  const nextIndex = sorted.findIndex((p) => p.due_date >= d);
  const next = nextIndex >= 0 ? sorted[nextIndex] : undefined;
  const prev = nextIndex >= 0 ? sorted[nextIndex - 1] : sorted.at(-1);
  const goal = (from: number) =>
    sorted.slice(from).find((p) => !p.is_trajectory) ?? sorted[sorted.length - 1];
  if (next && next.due_date === d) {
    const onLine = next.is_trajectory || prev?.is_trajectory === true;
    return {
      value: next.value,
      status: onLine ? 'trajectory' : 'due',
      target: next.is_trajectory ? goal(nextIndex) : next,
    };
  }
  if (next && prev?.is_trajectory) {
    const share = (time(d) - time(prev.due_date)) / DAY / ((time(next.due_date) - time(prev.due_date)) / DAY);
    return {
      value: prev.value + (next.value - prev.value) * share,
      status: 'trajectory',
      target: goal(nextIndex),
    };
  }
  if (next && !next.is_trajectory) return { value: next.value, status: 'due', target: next };
  const past = sorted.filter((p) => p.due_date < d && !p.is_trajectory).at(-1);
  return past ? { value: past.value, status: 'past', target: past } : null;
}

/**
 * The target for `measure` in `area` (E, ICB:QHM, …) at `month`: the area's own if it has one in
 * force, else England's (× `share` of England's registered patients for counts).
 */
export function targetAt(
  points: TargetPoint[],
  o: { measure: string; area: string; month: string; share: number },
): TargetAt | null {
  const of = (area: string) => points.filter((p) => p.measure === o.measure && p.area.toUpperCase() === area);
  const area = o.area.toUpperCase();
  if (area !== 'E') {
    const own = seriesAt(of(area), o.month);
    if (own)
      return {
        ...own,
        national: null,
        basis: 'area',
        targetValue: own.target.value,
        month: o.month.slice(0, 7),
      };
  }
  const england = seriesAt(of('E'), o.month);
  if (!england) return null;
  const factor = area === 'E' || isRate(o.measure) ? 1 : o.share;
  return {
    ...england,
    value: england.value * factor,
    national: factor === 1 ? null : england.value,
    basis: factor === 1 ? 'england' : 'england_pro_rata',
    targetValue: england.target.value * factor,
    month: o.month.slice(0, 7),
  };
}

/**
 * How a target is described beside a figure, e.g. “3,764.5 for 2025-03, on the line to “9,000
 * social prescribers by 2036/37” (NHS Long Term Workforce Plan (June 2023))”.
 */
export function describeTarget(t: TargetAt, digits = 0): string {
  const n = (v: number) =>
    v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const whose =
    t.basis === 'area'
      ? ' (the area’s own target)'
      : t.basis === 'england_pro_rata'
        ? ` (the area’s share of England’s ${n(t.national ?? 0)})`
        : '';
  const what =
    t.status === 'trajectory'
      ? `on the line to “${t.target.title}”`
      : t.status === 'due'
        ? `“${t.target.title}”`
        : `“${t.target.title}”, a past target`;
  return `${n(t.value)} for ${t.month}${whose}, ${what} (${t.target.source})`;
}
