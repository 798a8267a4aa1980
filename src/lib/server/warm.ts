import type { Area } from '#lib/area.ts';
import { DEFAULT_FOCUS } from '#lib/outcomes/default-focus.ts';
import { allAreas } from './areas.ts';
import { askedViews } from './asked-views.ts';
import { authStore } from './auth/store.ts';
import { PUBLIC_SCOPE, scopeFor, type Scope } from './auth/scope.ts';
import { DATASETS, findDataset } from './catalogue.ts';
import type { Dataset } from './dataset.ts';
import { ParamError, ScopeError } from './errors.ts';
import type { Filters } from './filters.ts';
import { logWarmed } from './query-log.ts';
import { QUERY_KEY_PREFIX, runDatasetIn } from './run-dataset.ts';
import { forget, snapshots, type Snapshot } from './snapshot.ts';
import { settings } from '../config/settings.ts';

/**
 * The warm step: what users will ask of a newly published snapshot, computed before the server
 * switches to it (snapshot.ts), so no request after a publish waits for a cold query. It runs
 * every dataset through the same `runDatasetIn` a request does (query and release, memoised per
 * snapshot: run-dataset.ts), for
 * - every area a page's picker offers at the top levels: England, each region, each ICB;
 * - the default period (the latest 12 months), and for datasets with an instrument parameter also
 *   the pages' default focus (DEFAULT_FOCUS: the outcomes and equity pages ask for it);
 * - every kind of reader: an administrator, a viewer, the public when SPO_PUBLIC is on, and each
 *   distinct set of ICBs an ICB account covers (their query differs from a viewer's only in areas
 *   holding those ICBs: run-dataset.ts, queryScope, so the rest comes from the viewer's);
 * - and whatever was asked of the previous snapshot (asked-views.ts: other periods, an
 *   instrument, the overview's financial year), so the views people use are warm too.
 * A view the reader may not see (ScopeError, BreakdownError) is skipped, as a request would be
 * refused.
 */

/** Two at a time: the snapshot's DuckDB has two threads, and requests still run on the old one. */
const CONCURRENCY = 2;

interface View {
  dataset: Dataset;
  filters: Filters;
  scope: Scope;
}

/** The readers whose views are warmed: one scope per distinct query and release (not per person). */
function readers(warehouse: string): Scope[] {
  const scopes = [
    scopeFor({ name: 'warm', role: 'admin', icbs: [] }),
    scopeFor({ name: 'warm', role: 'viewer', icbs: [] }),
  ];
  if (settings().SPO_PUBLIC) scopes.push(PUBLIC_SCOPE);
  const icbSets = new Set<string>();
  try {
    for (const u of authStore(warehouse).listUsers())
      if (u.role === 'icb') icbSets.add(JSON.stringify([...u.icbs].sort()));
  } catch (e) {
    console.error('warming: could not read the accounts, warming without ICB accounts:', e);
  }
  for (const icbs of icbSets)
    scopes.push(scopeFor({ name: 'warm', role: 'icb', icbs: JSON.parse(icbs) as string[] }));
  return scopes;
}

/**
 * The datasets pages ask for with an instrument when none is chosen (DEFAULT_FOCUS): the outcomes
 * page's distribution and groups, the equity page's groups.
 */
export const FOCUSED = new Set(['outcome-distribution', 'outcomes-by-group']);

/**
 * The common views, area by area (England, each region, each ICB): every dataset × the default
 * period × every reader.
 */
export async function commonViews(snapshot: Snapshot, scopes: Scope[]): Promise<View[][]> {
  const current = (await allAreas(snapshot)).filter((a) => a.is_current);
  const areas: Area[] = [
    { level: 'E', code: 'E' },
    ...[...new Set(current.map((a) => a.region_code).filter((c) => c !== null))]
      .sort()
      .map((code): Area => ({ level: 'REGION', code })),
    ...[...new Set(current.map((a) => a.icb_code).filter((c) => c !== null))]
      .sort()
      .map((code): Area => ({ level: 'ICB', code })),
  ];
  return areas.map((area) => {
    const views: View[] = [];
    for (const scope of scopes)
      for (const dataset of DATASETS) {
        const base: Filters = { area, from: null, to: null, instrument: null };
        views.push({ dataset, filters: base, scope });
        if (FOCUSED.has(dataset.id))
          views.push({ dataset, filters: { ...base, instrument: DEFAULT_FOCUS }, scope });
      }
    return views;
  });
}

/** Runs every view, CONCURRENCY at a time; refusals are expected, other errors are logged. */
async function runAll(snapshot: Snapshot, views: View[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < views.length) {
      const { dataset, filters, scope } = views[next++];
      try {
        await runDatasetIn(snapshot, dataset, filters, scope);
      } catch (e) {
        if (e instanceof ScopeError || e instanceof ParamError) continue;
        console.error(`warming ${dataset.id} for ${JSON.stringify(filters)} failed:`, e);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * Warms `snapshot` of `warehouse`: the common views area by area, then what was asked of the last
 * one. What is kept is each view's released table (small); the raw query rows behind them (large
 * for the outcome datasets: a row per cell) are dropped after each area, once every reader's
 * release of them is made, so memory holds one area's raw rows at a time.
 */
export async function warmSnapshot(snapshot: Snapshot, warehouse: string): Promise<void> {
  const started = Date.now();
  const byArea = await commonViews(snapshot, readers(warehouse));
  const recent = askedViews().flatMap(({ id, filters, scope }) => {
    const dataset = findDataset(id);
    return dataset ? [{ dataset, filters, scope }] : [];
  });
  let count = 0;
  for (const views of [...byArea, recent]) {
    await runAll(snapshot, views);
    forget(snapshot, QUERY_KEY_PREFIX);
    count += views.length;
  }
  logWarmed(snapshot);
  console.log(
    `warmed snapshot ${snapshot.name}: ${count} views in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** How often the server looks for a newly published snapshot without waiting for a request. */
const POLL_MS = 1000;

/**
 * The server's start (hooks.server.ts): warm each snapshot before switching to it (SPO_WARM, on
 * by default), and look for a new one every second, so a publish is warmed before anyone asks.
 */
export function startWarming(source = snapshots()): void {
  if (!settings().SPO_WARM) return;
  source.warm = (snapshot) => warmSnapshot(snapshot, source.warehouse);
  const tick = () =>
    source.refresh().catch((e: unknown) => console.error('looking for a new snapshot failed:', e));
  void tick();
  setInterval(tick, POLL_MS).unref();
}
