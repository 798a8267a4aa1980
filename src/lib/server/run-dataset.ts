import { formatArea } from '#lib/area.ts';
import { allAreas, capBreakdown, hiddenCodes, LEVEL_COLUMN } from './areas.ts';
import { remember } from './asked-views.ts';
import type { Scope } from './auth/scope.ts';
import { findDataset, type DatasetId } from './catalogue.ts';
import { makeContext } from './context.ts';
import type { Cell, Dataset, Table } from './dataset.ts';
import { BreakdownError, ParamError } from './errors.ts';
import type { Filters } from './filters.ts';
import { release } from './release/release.ts';
import { disclosureSettings } from './release/settings.ts';
import { tooNarrow } from './release/notices.ts';
import { logQuery } from './query-log.ts';
import { snapshotInfo } from './snapshot-info.ts';
import { cached, snapshots, type Snapshot } from './snapshot.ts';

/** The memo keys of datasets' query rows (before release) start with this. */
export const QUERY_KEY_PREFIX = 'query:';

/** Dim columns that name an area: `…_code`, `code`, and `area` (written LEVEL:CODE, as targets are). */
const CODE_KEY = /(^|_)code$|^area$/;

/**
 * Runs a dataset against a snapshot for the filters within the scope, and releases its rows
 * (release/release.ts); cached per snapshot. The area is resolved (refused outside the scope), a
 * breakdown the scope may not see is refused, and rows naming an area the scope may not see are
 * dropped before release.
 */
export async function runDatasetIn(
  snapshot: Snapshot,
  dataset: Dataset,
  filters: Filters,
  scope: Scope,
): Promise<Table> {
  const ctx = await makeContext(snapshot, filters, scope);
  await capBreakdown(dataset, ctx);
  const info = await snapshotInfo(snapshot);
  const hidden = await hiddenCodes(snapshot, scope);
  const codeKeys = dataset.columns.filter((c) => c.kind === 'dim' && CODE_KEY.test(c.key)).map((c) => c.key);
  const settings = disclosureSettings();
  // two memos: the query's rows, shared by every scope whose query is the same (queryScope), and
  // the release of them for this role; a release is cheap, the query can take seconds
  const queryKey =
    QUERY_KEY_PREFIX +
    JSON.stringify([dataset.id, filters, await queryScope(snapshot, filters, scope), settings.unprotected]);
  const key = JSON.stringify([dataset.id, filters, scope.role, scope.detail, settings]);
  const { rows, suppressed, cells } = await cached(snapshot, key, async () => {
    const names = (v: Cell) => typeof v === 'string' && hidden.has(v.includes(':') ? v.split(':')[1] : v);
    const queried = await cached(snapshot, queryKey, () => {
      logQuery(snapshot, dataset.id);
      return dataset.query(ctx);
    });
    const raw = queried.filter((r) => !codeKeys.some((k) => names(r[k])));
    return release(dataset, raw, ctx, scope);
  });
  return {
    ...heading(dataset, filters),
    rows,
    suppressed,
    cells,
    notice: tooNarrow(dataset, rows),
    area: ctx.area,
    from: ctx.from.slice(0, 7),
    to: ctx.to.slice(0, 7),
    dataAsOf: info.dataAsOf,
    publishedAt: info.publishedAt,
  };
}

/**
 * What of the scope a dataset's query depends on, for the area asked for: administrators read
 * unprotected areas (no cells); the public, England cells; everyone else cells of PCNs in the ICBs
 * shown down to PCN (cellSelect), ICB cells elsewhere, and PCN rows only in those ICBs
 * (ctx.detailPcns, ctx.finest), with breakdowns to the level their `everywhere` allows
 * (ctx.child). Only the ICBs shown down to PCN that lie in the area can change the rows, so a
 * viewer and an ICB user asking for another ICB, or a region without their ICB, share one query.
 */
export async function queryScope(snapshot: Snapshot, filters: Filters, scope: Scope) {
  if (scope.admin || scope.detail === '*') return ['admin'];
  const detail = new Set(scope.detail);
  const level = filters.area.level;
  const inArea =
    level === 'E'
      ? [...detail]
      : [
          ...new Set(
            (await allAreas(snapshot))
              .filter(
                (a) => a[LEVEL_COLUMN[level]] === filters.area.code && a.icb_code && detail.has(a.icb_code),
              )
              .map((a) => a.icb_code as string),
          ),
        ];
  return [scope.role === 'public' ? 'public' : 'signed-in', scope.everywhere, inArea.sort()];
}

/** Runs the dataset `id` against the published snapshot: what pages and the API call. */
export async function runDataset(id: DatasetId, filters: Filters, scope: Scope): Promise<Table> {
  const dataset = catalogued(id);
  const table = await snapshots().use((snapshot) => runDatasetIn(snapshot, dataset, filters, scope));
  remember(id, filters, scope); // only views that were answered: not refusals, not bad parameters
  return table;
}

/**
 * `runDataset`, or, for a breakdown the scope may not see (BreakdownError), the table withheld
 * with the reason as its notice: how a page shows a panel it can do without, and how a notebook
 * build shows a table its role may not have.
 */
export async function runOrWithhold(id: DatasetId, filters: Filters, scope: Scope): Promise<Table> {
  try {
    return await runDataset(id, filters, scope);
  } catch (e) {
    if (e instanceof BreakdownError) return withheldTable(id, filters, scope, e.message);
    throw e;
  }
}

/** A table a page shows in place of a breakdown the user may not see: no rows, the reason as notice. */
export async function withheldTable(
  id: DatasetId,
  filters: Filters,
  scope: Scope,
  notice: string,
): Promise<Table> {
  const dataset = catalogued(id);
  return snapshots().use(async (snapshot) => {
    const ctx = await makeContext(snapshot, filters, scope);
    const info = await snapshotInfo(snapshot);
    return {
      ...heading(dataset, filters),
      rows: [],
      suppressed: 0,
      cells: null,
      notice,
      area: ctx.area,
      from: ctx.from.slice(0, 7),
      to: ctx.to.slice(0, 7),
      dataAsOf: info.dataAsOf,
      publishedAt: info.publishedAt,
    };
  });
}

/** The dataset `id` names: typed from pages, any string through the API (a 404 there). */
function catalogued(id: string): Dataset {
  const dataset = findDataset(id);
  if (!dataset) throw new ParamError('dataset', id, `no dataset ${id}`);
  return dataset;
}

function heading(dataset: Dataset, filters: Filters) {
  return {
    id: dataset.id,
    title: dataset.title,
    indicator: dataset.indicator,
    source: dataset.source,
    // hidden counts (a share's numerator) are protected and used, never released
    columns: dataset.columns.filter((c) => !c.hidden),
    query: queryString(dataset, filters),
  };
}

function queryString(dataset: Dataset, f: Filters) {
  const p = new URLSearchParams();
  if (f.area.level !== 'E' && dataset.parameters.includes('area')) p.set('area', formatArea(f.area));
  if (f.from && dataset.parameters.includes('from')) p.set('from', f.from);
  if (f.to && dataset.parameters.includes('to')) p.set('to', f.to);
  if (f.instrument && dataset.parameters.includes('instrument')) p.set('instrument', f.instrument);
  return p.toString();
}
