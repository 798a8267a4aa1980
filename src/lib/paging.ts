import type { Row, Table } from './table.ts';

/**
 * Paging a long released table (the ~1,250 PCNs of England): the server releases the whole table
 * (and keeps it warm), then sends one page of its rows. Paging only slices rows that have already
 * been through the release path, so it can reveal nothing the whole table does not.
 */
export interface Paging {
  /** 1-based, within 1…pages */
  page: number;
  perPage: number;
  pages: number;
  /** rows in the whole table */
  total: number;
}

/** Rows a page of a per-PCN table shows on the dashboard (and the bars of its chart). */
export const PER_PAGE = 25;
/** The most rows one API page may ask for. */
export const MAX_PER_PAGE = 500;

/**
 * A page number from a request (`null`: not given, so the first). Refused (with the reason) when it
 * is not a whole number from 1; a number past the last page shows the last one (a drill-down link
 * keeps the page of the list it came from).
 */
export function parsePage(value: string | null): number {
  if (value === null || value === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new RangeError('must be a whole number from 1');
  return Number(value);
}

/** Rows per page from a request (`null`: PER_PAGE); refused outside 1…MAX_PER_PAGE. */
export function parsePerPage(value: string | null): number {
  if (value === null || value === '') return PER_PAGE;
  const n = /^[1-9]\d{0,3}$/.test(value) ? Number(value) : NaN;
  if (!(n <= MAX_PER_PAGE)) throw new RangeError(`must be a whole number from 1 to ${MAX_PER_PAGE}`);
  return n;
}

/** One page of `rows` (`page` past the end: the last page). */
export function pageRows(rows: Row[], page: number, perPage: number): { rows: Row[]; paging: Paging } {
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const shown = Math.min(page, pages);
  return {
    rows: rows.slice((shown - 1) * perPage, shown * perPage),
    paging: { page: shown, perPage, pages, total: rows.length },
  };
}

/**
 * The table with only one page of its rows, its `paging` set, and its `query` (which the CSV and
 * JSON downloads carry) asking the API for the same page, so a download is exactly what is shown.
 */
export function pageTable(table: Table, page: number, perPage = PER_PAGE): Table {
  const { rows, paging } = pageRows(table.rows, page, perPage);
  const q = new URLSearchParams(table.query);
  q.set('page', String(paging.page));
  q.set('per_page', String(perPage));
  return { ...table, rows, paging, query: q.toString() };
}

/** A query string without the page parameter `param`: a link to another area starts at its first page. */
export function withoutPage(search: string, param: string): string {
  const p = new URLSearchParams(search);
  p.delete(param);
  const s = p.toString();
  return s ? `?${s}` : '';
}
