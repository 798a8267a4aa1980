import { json } from '@sveltejs/kit';
import { toCsv } from '#lib/format/cells.ts';
import { pageTable, parsePage, parsePerPage } from '#lib/paging.ts';
import type { Table } from '#lib/table.ts';
import { DATASETS, findDataset, type DatasetId } from './catalogue.ts';
import { ParamError, ScopeError } from './errors.ts';
import { parseFilters } from './filters.ts';
import { PARAMETERS } from './parameters.ts';
import { runDataset } from './run-dataset.ts';
import type { Scope } from './scope.ts';
import { NoSnapshotError } from './snapshot.ts';

export const badRequest = (e: ParamError) =>
  json({ error: { parameter: e.parameter, value: e.value, message: e.message } }, { status: 400 });

export function catalogue() {
  return {
    datasets: DATASETS.map((d) => ({
      id: d.id,
      path: `/api/v1/${d.id}`,
      title: d.title,
      description: d.description,
      indicator: `/indicators/${d.indicator}`,
      source: d.source,
      parameters: d.parameters.map((name) => ({ name, description: PARAMETERS[name] })),
      columns: d.columns.filter((c) => !c.hidden).map(({ key, label, kind }) => ({ key, label, kind })),
    })),
  };
}

export function tableJson(t: Table) {
  return {
    dataset: t.id,
    title: t.title,
    area: { level: t.area.level, code: t.area.code, name: t.area.name },
    from: t.from,
    to: t.to,
    data_as_of: t.dataAsOf,
    disclosure:
      'counts 1–7 suppressed (null), others rounded to the nearest 5; rates and means on fewer than 8 people null',
    columns: t.columns.map(({ key, label, kind }) => ({ key, label, kind })),
    rows: t.rows,
    ...(t.cells
      ? {
          cells: {
            level: t.cells.level,
            left_out: t.cells.leftOut,
            note: 'counts are sums of protected cells (one per area at this level and row); cells of 1–7 are left out',
          },
        }
      : {}),
    ...(t.notice ? { notice: t.notice } : {}),
    ...(t.paging
      ? {
          paging: {
            page: t.paging.page,
            per_page: t.paging.perPage,
            pages: t.paging.pages,
            rows: t.paging.total,
          },
        }
      : {}),
  };
}

const KNOWN = new Set(['area', 'from', 'to', 'instrument', 'format', 'page', 'per_page']);

/** The page asked for (page, per_page), or null for every row; refused on a dataset not paged. */
function pageAsked(id: string, url: URL): { page: number; perPage: number } | null {
  const page = url.searchParams.get('page');
  const perPage = url.searchParams.get('per_page');
  if (page === null && perPage === null) return null;
  if (!findDataset(id)?.parameters.includes('page')) {
    const name = page === null ? 'per_page' : 'page';
    throw new ParamError(name, url.searchParams.get(name) ?? '', `${id} is not paged: leave out ${name}`);
  }
  const parsed = (name: string, value: string | null, parse: (v: string | null) => number) => {
    try {
      return parse(value);
    } catch (e) {
      throw new ParamError(name, value ?? '', `${name} ${(e as Error).message}`);
    }
  };
  return { page: parsed('page', page, parsePage), perPage: parsed('per_page', perPage, parsePerPage) };
}

/** GET /api/v1/<dataset>: JSON or CSV, through runDataset (an unknown id is a 404). */
export async function serveDataset(id: string, url: URL, scope: Scope): Promise<Response> {
  try {
    for (const key of url.searchParams.keys()) {
      if (!KNOWN.has(key))
        throw new ParamError(key, url.searchParams.get(key) ?? '', `unknown parameter ${key}`);
    }
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new ParamError('format', format, 'format must be json or csv');
    const paged = findDataset(id) ? pageAsked(id, url) : null;
    // any string: runDataset answers an id not in the catalogue with ParamError('dataset'), a 404
    const whole = await runDataset(id as DatasetId, parseFilters(url.searchParams), scope);
    // a page of the released rows: the whole table is what is computed (and kept warm)
    const table = paged ? pageTable(whole, paged.page, paged.perPage) : whole;
    if (format === 'csv') {
      return new Response(toCsv(table.columns, table.rows), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${id}-${table.area.code}-${table.from}-${table.to}.csv"`,
          'cache-control': 'private, max-age=60',
        },
      });
    }
    return json(tableJson(table), { headers: { 'cache-control': 'private, max-age=60' } });
  } catch (e) {
    if (e instanceof ParamError)
      return e.parameter === 'dataset'
        ? json({ error: { message: e.message } }, { status: 404 })
        : badRequest(e);
    if (e instanceof ScopeError) return json({ error: { message: e.message } }, { status: 403 });
    if (e instanceof NoSnapshotError) return json({ error: { message: e.message } }, { status: 503 });
    throw e;
  }
}
