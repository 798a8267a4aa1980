/**
 * Paging a released table (src/lib/paging.ts): the pages partition the rows in order, a page past
 * the end shows the last, bad page numbers are refused, and a paged table's query (its downloads)
 * asks the API for the same page.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_PER_PAGE,
  PER_PAGE,
  pageRows,
  pageTable,
  parsePage,
  parsePerPage,
  withoutPage,
} from '../../src/lib/paging.ts';
import type { Table } from '../../src/lib/table.ts';

const rows = Array.from({ length: 61 }, (_, i) => ({ pcn_code: `U${String(i).padStart(5, '0')}` }));

describe('paging', () => {
  it('splits the rows into pages of perPage, in order, with nothing lost or repeated', () => {
    const pages = [1, 2, 3].map((p) => pageRows(rows, p, 25));
    expect(pages.map((p) => p.rows.length)).toEqual([25, 25, 11]);
    expect(pages.flatMap((p) => p.rows)).toEqual(rows);
    expect(pages[1].rows[0]).toBe(rows[25]);
    expect(pages[1].paging).toEqual({ page: 2, perPage: 25, pages: 3, total: 61 });
  });

  it('shows the last page for a page past the end, and one empty page for no rows', () => {
    expect(pageRows(rows, 9, 25).paging.page).toBe(3);
    expect(pageRows(rows, 9, 25).rows).toEqual(rows.slice(50));
    expect(pageRows([], 1, 25)).toEqual({ rows: [], paging: { page: 1, perPage: 25, pages: 1, total: 0 } });
  });

  it('refuses a page that is not a whole number from 1, and a page size out of range', () => {
    expect(parsePage(null)).toBe(1);
    expect(parsePage('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'two', '01'])
      expect(() => parsePage(bad), bad).toThrow(/whole number/);
    expect(parsePerPage(null)).toBe(PER_PAGE);
    expect(parsePerPage(String(MAX_PER_PAGE))).toBe(MAX_PER_PAGE);
    for (const bad of ['0', String(MAX_PER_PAGE + 1), 'x']) expect(() => parsePerPage(bad), bad).toThrow();
  });

  it('makes a table whose downloads ask for the page shown', () => {
    const table = { query: 'area=REGION%3AY56', rows } as unknown as Table;
    const paged = pageTable(table, 2);
    expect(paged.rows).toEqual(rows.slice(PER_PAGE, 2 * PER_PAGE));
    const q = new URLSearchParams(paged.query);
    expect([q.get('area'), q.get('page'), q.get('per_page')]).toEqual(['REGION:Y56', '2', String(PER_PAGE)]);
  });

  it('drops the page from a drill-down link, keeping the other filters', () => {
    expect(withoutPage('?from=2024-06&pcn_page=3&to=2025-03', 'pcn_page')).toBe('?from=2024-06&to=2025-03');
    expect(withoutPage('?pcn_page=3', 'pcn_page')).toBe('');
  });
});
