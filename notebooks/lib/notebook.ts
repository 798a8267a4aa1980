/**
 * The notebook format: a notebook is a TypeScript module in notebooks/ whose `run` writes cells —
 * Markdown, tables and Observable Plot figures — from SQL over the Parquet export of the published
 * marts. It runs on the server at build time (`spo notebooks`): the Parquet holds the marts'
 * unrounded counts, so only the disclosed figures may reach the page. See
 * docs/decisions/0005-notebooks-as-server-built-typescript-modules.md.
 *
 * Disclosure is enforced by type: `table` and `figure` take only rows made by `disclose`, which
 * applies the dashboard's rules (src/lib/stats): counts of 1–7 suppressed and the rest rounded to
 * 5, with secondary suppression within each table; a mean, rate or share resting on fewer than 8
 * people is not shown, and shares are computed from the disclosed counts.
 */
import { discloseTable } from '#lib/stats/index.ts';
import type { Database } from '../../pipelines/db/database.ts';

declare const disclosed: unique symbol;
/** A row that has been through disclosure control: the only kind a notebook can show. */
export type Disclosed<R> = R & { readonly [disclosed]: true };

export type Kind = 'dim' | 'count' | 'value' | 'staff' | 'population';

export interface Column<R> {
  key: keyof R & string;
  label: string;
  kind: Kind;
  /** for a `value`: the count it rests on; not shown when that count is under 8 */
  base?: keyof R & string;
  digits?: number;
  percent?: boolean;
}

export interface DiscloseSpec<R> {
  columns: Column<R>[];
  /** rows with the same key form one table for secondary suppression (default: all rows) */
  tableBy?: (row: R) => string;
  /** values computed from the disclosed counts of a row (e.g. a share and its interval) */
  derive?: (row: Record<string, number | string | boolean | null>) => Partial<Record<string, number | null>>;
}

export const DISCLOSURE = { threshold: 7, roundTo: 5, minN: 8 } as const;

/**
 * Applies disclosure control to rows: each `count` column through `discloseTable` (per table, so a
 * suppressed cell cannot be worked out by subtraction), each `value` hidden when its base count is
 * under 8 or suppressed, with `derive` computed first from the disclosed counts. Columns not declared are dropped.
 */
export function disclose<R extends Record<string, unknown>>(
  rows: R[],
  spec: DiscloseSpec<R>,
): Disclosed<Record<string, number | string | boolean | null>>[] {
  const out = rows.map((r) => {
    const o: Record<string, number | string | boolean | null> = {};
    for (const c of spec.columns) {
      const v = r[c.key];
      o[c.key] = v === undefined ? null : (v as number | string | boolean | null);
    }
    return o;
  });
  const tableOf = spec.tableBy ?? (() => '');
  for (const c of spec.columns.filter((x) => x.kind === 'count')) {
    const tables = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const k = tableOf(r);
      tables.set(k, [...(tables.get(k) ?? []), i]);
    });
    for (const indices of tables.values()) {
      const cells = indices.map((i) => ({
        key: String(i),
        count: Math.max(0, Math.round(Number(rows[i][c.key] ?? 0))),
      }));
      for (const cell of discloseTable(cells, DISCLOSURE)) out[Number(cell.key)][c.key] = cell.count;
    }
  }
  rows.forEach((r, i) => {
    if (spec.derive) Object.assign(out[i], spec.derive(out[i]));
    for (const c of spec.columns.filter((x) => x.kind === 'value')) {
      if (!c.base) throw new Error(`column ${c.key}: a value needs the count it rests on (base)`);
      const raw = Number(r[c.base] ?? 0);
      const v = out[i][c.key];
      out[i][c.key] =
        raw < DISCLOSURE.minN || out[i][c.base] === null || typeof v !== 'number' || !Number.isFinite(v)
          ? null
          : v;
    }
  });
  return out as Disclosed<Record<string, number | string | boolean | null>>[];
}

export interface TableCell {
  kind: 'table';
  title: string;
  columns: Column<Record<string, unknown>>[];
  rows: Disclosed<Record<string, number | string | boolean | null>>[];
  note?: string;
}

export type Cell =
  | { kind: 'md'; text: string }
  | TableCell
  | { kind: 'figure'; title: string; html: string; caption?: string };

export interface NotebookContext {
  /** DuckDB over the export: every mart is a view `marts.<name>` */
  query<T = Record<string, unknown>>(sql: string, params?: (string | number)[]): Promise<T[]>;
  md(text: string): void;
  table<R extends Record<string, unknown>>(
    title: string,
    rows: Disclosed<Record<string, unknown>>[],
    columns: Column<R>[],
    note?: string,
  ): void;
  /** a figure made by `plot(document)`: an Observable Plot chart rendered on the server */
  figure(title: string, plot: (document: Document) => Element, caption?: string): void;
  /** when the data were loaded and the snapshot they come from */
  meta: { dataAsOf: string | null; publishedAt: string | null; snapshot: string };
}

export interface Notebook {
  slug: string;
  title: string;
  summary: string;
  run(nb: NotebookContext): Promise<void>;
}

export const defineNotebook = (n: Notebook) => n;

export type { Database };
