/**
 * A user's threshold alerts, worked from the published snapshot as their scope sees it: the one
 * path for `spo alerts` and the overview, so both list the same alerts for the same thresholds.
 * The rules themselves are pure (src/lib/alerts.ts); this runs the datasets they read.
 */
import { formatArea } from '../area.ts';
import { behindTrajectory, waitsOver, type Alert, type AlertRules } from '../alerts.ts';
import { resolveArea } from './areas.ts';
import type { Scope } from './auth/scope.ts';
import { ScopeError } from './errors.ts';
import { parseArea, parseFilters } from './filters.ts';
import { runDataset } from './run-dataset.ts';
import { snapshots } from './snapshot.ts';

/**
 * The areas a user's alerts look at when none are named: an ICB user's ICBs, everyone else
 * England (the capacity projection adds the areas one level down that the user may see).
 */
export function defaultAlertAreas(scope: Scope): string[] {
  return scope.role === 'icb' && scope.icbs ? scope.icbs.map((c) => `ICB:${c}`) : ['E'];
}

/**
 * The areas a user chose for their alerts, checked against the published snapshot as their scope
 * sees it and written as the API writes them (`icb:qhm` → `ICB:QHM`, repeats once). Throws the
 * API's ParamError for a code that is not an area, ScopeError for one outside what the user may
 * see (a viewer's PCN, another ICB's sub-ICB location for an ICB user), each naming the area.
 */
export async function checkAlertAreas(scope: Scope, raw: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const text of raw.map((a) => a.trim().toUpperCase()).filter(Boolean)) {
    const area = parseArea(text);
    try {
      await snapshots().use((snapshot) => resolveArea(snapshot, area, scope));
    } catch (e) {
      if (e instanceof ScopeError) throw new ScopeError(`${formatArea(area)}: ${e.message}`);
      throw e;
    }
    if (!out.includes(formatArea(area))) out.push(formatArea(area));
  }
  return out;
}

/**
 * The alerts `rules` raise in `areas` (`E`, `REGION:Y63`, `ICB:QHM` …; default: the areas the
 * rules chose, else the user's default areas) for the period ending `to` (default: the snapshot's
 * latest month). A null rule is not checked. Throws ParamError on a bad area or month and
 * ScopeError on an area asked for outside the scope, as the API would.
 */
export async function alertsFor(
  scope: Scope,
  rules: AlertRules,
  options: { areas?: string[]; from?: string; to?: string } = {},
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  // the areas asked for, else those the user chose (any no longer theirs to see, e.g. after their
  // ICBs changed, left out rather than breaking their overview), else their default areas
  let areas = options.areas;
  if (!areas && rules.areas?.length) {
    const visible = await Promise.all(
      rules.areas.map((a) => checkAlertAreas(scope, [a]).catch(() => [] as string[])),
    );
    // none left: the default areas, so the user still hears of something
    if (visible.flat().length) areas = visible.flat();
  }
  for (const area of areas ?? defaultAlertAreas(scope)) {
    const params = new URLSearchParams({ area });
    if (options.from) params.set('from', options.from);
    if (options.to) params.set('to', options.to);
    const filters = parseFilters(params);
    if (rules.behindFte !== null) {
      const projection = await runDataset('capacity-projection', filters, scope);
      alerts.push(...behindTrajectory(projection.rows, rules.behindFte));
    }
    if (rules.waitsOver !== null) {
      const table = await runDataset('referral-waits-over-4-weeks', filters, scope);
      alerts.push(
        ...waitsOver(
          `${table.area.name} (${filters.area.level === 'E' ? 'England' : formatArea(filters.area)})`,
          table.rows[0],
          rules.waitsOver,
        ),
      );
    }
  }
  return alerts;
}
