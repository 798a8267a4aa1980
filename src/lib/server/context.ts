import { defaultFrom, monthsBetween } from '#lib/periods.ts';
import { allAreas, childFor, icbOfArea, pcnQuery, resolveArea } from './areas.ts';
import { finestLevelIn, type Scope } from './auth/scope.ts';
import type { Context } from './dataset.ts';
import type { Filters } from './filters.ts';
import { monthRange } from './snapshot-info.ts';
import type { Snapshot } from './snapshot.ts';

/** What a dataset's query sees: the area resolved within the scope, and the period (default: the latest 12 months). */
export async function makeContext(snapshot: Snapshot, filters: Filters, scope: Scope): Promise<Context> {
  const area = await resolveArea(snapshot, filters.area, scope);
  const icb = icbOfArea(await allAreas(snapshot), filters.area);
  const range = await monthRange(snapshot);
  const last = range.last ?? new Date().toISOString().slice(0, 7) + '-01';
  const to = filters.to ? `${filters.to}-01` : last;
  const from = filters.from ? `${filters.from}-01` : defaultFrom(to);
  return {
    db: snapshot.db,
    filters,
    area,
    from,
    to,
    months: monthsBetween(from, to),
    child: childFor(scope, filters.area, icb),
    pcns: () => pcnQuery(snapshot.db, filters.area, scope),
    detailPcns: () => pcnQuery(snapshot.db, filters.area, scope, true),
    finest: (of) => finestLevelIn(scope, of),
    scope,
    snapshot,
  };
}
