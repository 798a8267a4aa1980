import type { Level } from '#lib/area.ts';
import { MIN_TREND_POINTS, firstReach, linearTrend, predictTrend, stepInterval } from '#lib/stats/index.ts';
import { targetAt, type TargetPoint } from '#lib/targets.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
import { AREA_TYPE } from './registered-patients.ts';

const LINK_WORKER = 'social_prescribing_link_worker';
/** The trend is fitted on the area's observations in the 24 months up to its latest. */
export const TREND_WINDOW_MONTHS = 24;
/** Projected 12 and 24 months after the latest observation. */
export const HORIZONS = [12, 24] as const;
/** How far ahead to look for the month the trend meets the trajectory: the LTWP's end, 2036/37. */
const TRAJECTORY_END = '2037-03';

/** Months since year 0: a whole-month time axis (`2024-05` → 24,293). */
export const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
export const monthOf = (index: number) =>
  `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

export interface FteObservation {
  month: string;
  fte: number;
}

/**
 * One area's projection: a least-squares line on its FTE in the `TREND_WINDOW_MONTHS` up to the
 * latest month, projected 12 and 24 months on with 95% prediction intervals from the spread of its
 * own changes between observations (stepInterval: the line's classical interval was far too
 * narrow for a workforce that grows in steps); its share of the
 * trajectory (`targetFor(month)`: the area's own target, or England's pro-rata) now, the FTE it
 * would need now to be on it, and the first month the line reaches it, if it does by 2036/37.
 */
export function projectArea(
  observations: FteObservation[],
  targetFor: (month: string) => number | null,
): Row {
  const sorted = [...observations].sort((a, b) => a.month.localeCompare(b.month));
  const last = sorted.at(-1);
  const empty: Row = {
    last_month: last?.month ?? null,
    fte: last?.fte ?? null,
    points: 0,
    trend_per_month: null,
    ...Object.fromEntries(
      HORIZONS.flatMap((h) => [
        [`projected_${h}`, null],
        [`lower_${h}`, null],
        [`upper_${h}`, null],
      ]),
    ),
    target_now: null,
    fte_needed_now: null,
    reaches_trajectory: 'too few months for a trend',
  };
  if (!last) return empty;
  const end = monthIndex(last.month);
  const window = sorted.filter((o) => end - monthIndex(o.month) < TREND_WINDOW_MONTHS);
  const targetNow = targetFor(last.month);
  const base: Row = {
    ...empty,
    points: window.length,
    target_now: targetNow,
    fte_needed_now: targetNow === null ? null : Math.max(0, targetNow - last.fte),
  };
  if (window.length < MIN_TREND_POINTS) return base;
  const points = window.map((o) => ({ t: monthIndex(o.month), y: o.fte }));
  const trend = linearTrend(points);
  const out: Row = { ...base, trend_per_month: trend.slope };
  for (const h of HORIZONS) {
    const value = predictTrend(trend, end + h).value;
    const half = stepInterval(points, h);
    // FTE cannot fall below 0: the interval is cut there, not the line
    out[`projected_${h}`] = value;
    out[`lower_${h}`] = Math.max(0, value - half);
    out[`upper_${h}`] = value + half;
  }
  if (targetNow === null) out.reaches_trajectory = 'no target';
  else if (last.fte >= targetNow) out.reaches_trajectory = 'on or above it now';
  else {
    const reach = firstReach(trend, end + 1, monthIndex(TRAJECTORY_END), (t) => targetFor(monthOf(t)));
    out.reaches_trajectory = reach === null ? 'not at this trend' : monthOf(reach);
  }
  return out;
}

/** The areas projected: the area itself, then the next level down when the user may see it. */
async function areasOf(ctx: Context): Promise<{ level: Level; code: string; name: string }[]> {
  const self = { level: ctx.area.level, code: ctx.area.code, name: ctx.area.name };
  if (!ctx.child) return [self];
  const children = await ctx.db
    .selectFrom('marts.areas')
    .select((eb) => [eb.ref(ctx.child!.code).as('code'), eb.fn.max(ctx.child!.name).as('name')])
    .where('pcn_code', 'in', ctx.pcns())
    .where('is_current', '=', true)
    .groupBy(ctx.child.code)
    .orderBy('name')
    .execute();
  if (ctx.child.level === ctx.area.level) return [self];
  return [
    self,
    ...children.map((c) => ({ level: ctx.child!.level, code: String(c.code), name: String(c.name) })),
  ];
}

export const capacityProjection: Dataset = {
  id: 'capacity-projection',
  title: 'Link-worker FTE projected from each area’s own trend',
  description: `Link-worker FTE projected 12 and 24 months after the latest month from the area's own trend: a least-squares line on its FTE in the ${TREND_WINDOW_MONTHS} months up to then (at least ${MIN_TREND_POINTS} months with data; NHS Digital is quarterly), with 95% prediction intervals from the spread of the area's own changes between observations, accumulated over the months ahead (a random walk with drift; t on n − 2 degrees of freedom; cut at 0). Against the trajectory to 9,000 by 2036/37 (the area's own target, or England's pro-rata by its share of England's registered patients in the latest month): the trajectory value now, the FTE needed now to be on it, and the first month the line reaches it, or "not at this trend". For the area and the areas one level down that the user may see. A straight line is a planning aid, not a forecast of recruitment decisions; its error and the interval's coverage on history are in docs/methods.md.`,
  parameters: ['area', 'to', 'format'],
  indicator: 'capacity-projection',
  source: 'marts.workforce_areas_monthly, marts.registered_patients_monthly, marts.targets',
  columns: [
    { key: 'level', label: 'Level', kind: 'dim' },
    { key: 'code', label: 'Code', kind: 'dim' },
    { key: 'name', label: 'Area', kind: 'dim' },
    { key: 'last_month', label: 'Latest month', kind: 'dim' },
    { key: 'fte', label: 'FTE (latest)', kind: 'staff', digits: 1 },
    { key: 'points', label: 'Months in the trend', kind: 'dim' },
    { key: 'trend_per_month', label: 'Trend (FTE a month)', kind: 'staff', digits: 2 },
    { key: 'projected_12', label: 'Projected in 12 months', kind: 'staff', digits: 1 },
    { key: 'lower_12', label: '95% PI lower (12)', kind: 'staff', digits: 1 },
    { key: 'upper_12', label: '95% PI upper (12)', kind: 'staff', digits: 1 },
    { key: 'projected_24', label: 'Projected in 24 months', kind: 'staff', digits: 1 },
    { key: 'lower_24', label: '95% PI lower (24)', kind: 'staff', digits: 1 },
    { key: 'upper_24', label: '95% PI upper (24)', kind: 'staff', digits: 1 },
    { key: 'target_now', label: 'Trajectory now', kind: 'staff', digits: 1 },
    { key: 'fte_needed_now', label: 'FTE needed now', kind: 'staff', digits: 1 },
    { key: 'reaches_trajectory', label: 'Reaches the trajectory', kind: 'dim' },
  ],
  async query(ctx) {
    const areas = await areasOf(ctx);
    const [fte, points, lists] = await Promise.all([
      ctx.db
        .selectFrom('marts.workforce_areas_monthly')
        .select(['area_level', 'area_code', 'month', 'fte'])
        .where('staff_role', '=', LINK_WORKER)
        .where('is_latest_source', '=', true)
        .where('month', '<=', ctx.to)
        .where((eb) =>
          eb.or(areas.map((a) => eb.and([eb('area_level', '=', a.level), eb('area_code', '=', a.code)]))),
        )
        .execute(),
      ctx.db.selectFrom('marts.targets').selectAll().execute(),
      ctx.db
        .selectFrom('marts.registered_patients_monthly')
        .select(['area_type', 'area_code', 'month', 'registered_patients'])
        .where('month', '<=', ctx.to)
        .where((eb) =>
          eb.or([
            eb('area_type', '=', 'england'),
            ...areas.map((a) =>
              eb.and([
                eb('area_type', '=', AREA_TYPE[a.level]),
                eb('area_code', '=', a.level === 'E' ? 'E' : a.code),
              ]),
            ),
          ]),
        )
        .execute(),
    ]);
    const targets = points as unknown as TargetPoint[];
    const listOf = (type: string, code: string, month: string) =>
      lists.find((l) => l.area_type === type && l.area_code === code && String(l.month).startsWith(month))
        ?.registered_patients ?? null;
    return areas.map((a) => {
      const obs = fte
        .filter((r) => r.area_level === a.level && r.area_code === a.code)
        .map((r) => ({ month: String(r.month).slice(0, 7), fte: Number(r.fte) }));
      const latest = obs
        .map((o) => o.month)
        .sort()
        .at(-1);
      // the share of England's list in the latest month, held for the months projected
      const mine = latest ? listOf(AREA_TYPE[a.level], a.level === 'E' ? 'E' : a.code, latest) : null;
      const england = latest ? listOf('england', 'E', latest) : null;
      const share = a.level === 'E' ? 1 : mine !== null && england ? Number(mine) / Number(england) : null;
      const area = a.level === 'E' ? 'E' : `${a.level}:${a.code}`;
      const targetFor = (month: string) => {
        const at = targetAt(targets, { measure: 'link_worker_fte', area, month, share: share ?? 1 });
        // without the area's list England's target cannot be made pro-rata: none, not a wrong one
        if (!at || (at.basis === 'england_pro_rata' && share === null)) return null;
        return at.value;
      };
      return { level: a.level, code: a.code, name: a.name, ...projectArea(obs, targetFor) };
    });
  },
};
