/**
 * A user's threshold alerts, worked from the published snapshot as their scope sees it: the one
 * path for `spo alerts` and the overview, so both list the same alerts for the same thresholds.
 * The rules themselves are pure (src/lib/alerts.ts); this runs the datasets they read.
 */
import { formatArea } from '../area.ts';
import { behindTrajectory, waitsOver, type Alert, type AlertRules } from '../alerts.ts';
import type { Scope } from './auth/scope.ts';
import { parseFilters } from './filters.ts';
import { runDataset } from './run-dataset.ts';

/**
 * The areas a user's alerts look at when none are named: an ICB user's ICBs, everyone else
 * England (the capacity projection adds the areas one level down that the user may see).
 */
export function defaultAlertAreas(scope: Scope): string[] {
  return scope.role === 'icb' && scope.icbs ? scope.icbs.map((c) => `ICB:${c}`) : ['E'];
}

/**
 * The alerts `rules` raise in `areas` (`E`, `REGION:Y63`, `ICB:QHM` …) for the period ending `to`
 * (default: the snapshot's latest month). A null rule is not checked. Throws ParamError on a bad
 * area or month, as the API would.
 */
export async function alertsFor(
  scope: Scope,
  rules: AlertRules,
  options: { areas?: string[]; from?: string; to?: string } = {},
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  for (const area of options.areas ?? defaultAlertAreas(scope)) {
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
