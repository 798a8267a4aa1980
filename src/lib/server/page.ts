import { error } from '@sveltejs/kit';
import { formatArea, type Level } from '#lib/area.ts';
import { monthList } from '#lib/periods.ts';
import { INSTRUMENTS, INSTRUMENT_IDS } from '#lib/stats/index.ts';
import { PER_PAGE, pageTable, parsePage } from '#lib/paging.ts';
import type { Table } from '#lib/table.ts';
import { allAreas } from './areas.ts';
import { canSeeArea, finestLevelIn } from './auth/scope.ts';
import type { DatasetId } from './catalogue.ts';
import { ParamError, ScopeError } from './errors.ts';
import { parseFilters, type Filters } from './filters.ts';
import { runDataset, runOrWithhold } from './run-dataset.ts';
import type { Scope } from './scope.ts';
import { monthRange, snapshotInfo } from './snapshot-info.ts';
import { cached, NoSnapshotError, snapshots } from './snapshot.ts';

/** Filters from a page URL; a bad parameter is a 400 page naming it. */
export function pageFilters(url: URL): Filters {
  try {
    return parseFilters(url.searchParams);
  } catch (e) {
    if (e instanceof ParamError) error(400, `${e.parameter}=${e.value}: ${e.message}`);
    throw e;
  }
}

/**
 * One page of a long per-PCN table (England lists ~1,250 PCNs), the page number from the URL's
 * `param` (a bad one is a 400 page naming it). A table that fits on one page is left whole.
 */
export function pagedTable(table: Table, url: URL, param: string): Table {
  const value = url.searchParams.get(param);
  let page: number;
  try {
    page = parsePage(value);
  } catch (e) {
    error(400, `${param}=${value}: ${param} ${(e as Error).message}`);
  }
  return table.rows.length > PER_PAGE ? pageTable(table, page) : table;
}

/**
 * Runs datasets for a page, all at once (no waterfall). A breakdown the user's role may not see
 * (ScopeError from runDataset) is a 403 page naming why, unless the page lists the table in
 * `optional`: then the table comes back empty with the reason as its notice, and the rest of the
 * page is shown.
 */
export async function pageTables<K extends string>(
  ids: Record<K, DatasetId>,
  filters: Filters,
  scope: Scope,
  options: { optional?: NoInfer<K>[] } = {},
) {
  try {
    const entries = await Promise.all(
      Object.entries<DatasetId>(ids).map(
        async ([k, id]) =>
          [
            k,
            await (options.optional?.includes(k as K) ? runOrWithhold : runDataset)(id, filters, scope),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<K, Table>;
  } catch (e) {
    if (e instanceof ParamError) error(400, `${e.parameter}=${e.value}: ${e.message}`);
    if (e instanceof ScopeError) error(403, e.message);
    if (e instanceof NoSnapshotError) error(503, e.message);
    throw e;
  }
}

/** What every page's frame needs: filter options and "data as of". Cached per snapshot. */
export async function frame(filters: Filters, scope: Scope) {
  try {
    return await snapshots().use(async (snapshot) => {
      const info = await snapshotInfo(snapshot);
      // the area picker lists only what the role may open: regions and ICBs for every signed-in
      // role, sub-ICB locations and PCNs only in ICBs shown down to PCN, England alone for the public
      const base = await cached(snapshot, `frame:${scope.role}:${String(scope.detail)}`, async () => {
        const areas = (await allAreas(snapshot)).filter((a) => a.is_current);
        const uniq = (key: 'region' | 'icb' | 'sub_icb', prefix: string) => {
          const level: Level = key === 'region' ? 'REGION' : key === 'icb' ? 'ICB' : 'SICBL';
          const m = new Map<string, string>();
          for (const a of areas) {
            const code = a[`${key}_code`];
            if (!code || !canSeeArea(scope, { level, code }, a.icb_code)) continue;
            m.set(code, a[`${key}_name`] ?? code);
          }
          return [...m]
            .map(([code, name]) => ({ value: `${prefix}:${code}`, label: name }))
            .sort((x, y) => x.label.localeCompare(y.label));
        };
        const range = await monthRange(snapshot);
        const months = range.first && range.last ? monthList(String(range.first), String(range.last)) : [];
        return {
          areas,
          regions: uniq('region', 'REGION'),
          icbs: uniq('icb', 'ICB'),
          subIcbs: uniq('sub_icb', 'SICBL'),
          months,
        };
      });
      const a = filters.area;
      const parentIcb =
        a.level === 'ICB'
          ? a.code
          : a.level === 'SICBL' || a.level === 'PCN'
            ? base.areas.find((x) => (a.level === 'SICBL' ? x.sub_icb_code : x.pcn_code) === a.code)?.icb_code
            : null;
      const pcns =
        parentIcb && finestLevelIn(scope, parentIcb) === 'PCN'
          ? base.areas
              .filter((x) => x.icb_code === parentIcb)
              .map((x) => ({
                value: `PCN:${x.pcn_code}`,
                label: `${x.pcn_name ?? x.pcn_code} (${x.pcn_code})`,
              }))
              .sort((x, y) => x.label.localeCompare(y.label))
          : [];
      const areaGroups = [
        { label: 'England', options: [{ value: 'E', label: 'England' }] },
        { label: 'NHS England regions', options: base.regions },
        { label: 'Integrated care boards', options: base.icbs },
        { label: 'Sub-ICB locations', options: base.subIcbs },
        ...(pcns.length ? [{ label: 'PCNs in this ICB', options: pcns }] : []),
      ].filter((g) => g.options.length > 0);
      const to = filters.to ?? base.months.at(-1) ?? '';
      const i = base.months.indexOf(to);
      const from = filters.from ?? base.months[Math.max(0, i - 11)] ?? '';
      return {
        dataAsOf: info.dataAsOf,
        publishedAt: info.publishedAt,
        areaGroups,
        months: base.months,
        area: formatArea(filters.area),
        from,
        to,
        instrument: filters.instrument,
        instruments: INSTRUMENT_IDS.map((id) => ({ value: id, label: INSTRUMENTS[id].name })),
      };
    });
  } catch (e) {
    if (e instanceof NoSnapshotError) error(503, e.message);
    throw e;
  }
}
