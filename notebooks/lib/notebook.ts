/**
 * The notebook format: a notebook is a TypeScript module in notebooks/ whose `run` writes cells —
 * Markdown, tables and Observable Plot figures — from the dashboard's datasets. It runs on the
 * server at build time (`spo notebooks`) and its figures come through the same path as the pages
 * and the API (`runDataset` in src/lib/server/registry.ts: the scope, disclosure control and
 * SPO_DISCLOSURE_* settings of every figure that leaves the server). A notebook has no SQL and no
 * disclosure code of its own: it chooses datasets, filters, rows and columns, and draws.
 * See docs/decisions/0007-notebooks-read-through-the-dataset-registry.md.
 */
import type { Filters } from '#lib/server/filters.ts';
import type { Column, Row, Table } from '#lib/table.ts';
import type { DatasetId } from '#lib/server/catalogue.ts';

declare const released: unique symbol;
/** A table as the registry released it: the only kind a notebook can show. */
export type Released = Table & { readonly [released]: true };

/** Filters for a dataset: England over the default period (12 months to the latest) unless given. */
export type DatasetFilters = Partial<Filters>;

/** Runs a dataset through the registry for the build's scope (an effect the builder passes in). */
export type ReadDataset = (id: DatasetId, filters: Filters) => Promise<Table>;

export interface TableOptions {
  /** the table's heading (default: the dataset's title) */
  title?: string;
  /** columns to show, by key, in this order (default: all the dataset's columns) */
  columns?: string[];
  /** rows to show (default: all) */
  rows?: (row: Row) => boolean;
  note?: string;
}

export interface TableCell {
  kind: 'table';
  title: string;
  dataset: string;
  query: string;
  columns: Column[];
  rows: Row[];
  note?: string;
  /** why the table is empty (a breakdown the build's scope may not see), from the registry */
  notice: string | null;
}

export type Cell =
  | { kind: 'md'; text: string }
  | TableCell
  | { kind: 'figure'; title: string; html: string; caption?: string };

export interface NotebookMeta {
  dataAsOf: string | null;
  publishedAt: string | null;
  snapshot: string;
  /** who the figures are for, in words (the build's scope) */
  audience: string;
}

export interface NotebookContext {
  /** a dataset's table for the build's scope, through the registry (`/api/v1/<id>` for the same filters) */
  dataset(id: DatasetId, filters?: DatasetFilters): Promise<Released>;
  md(text: string): void;
  table(table: Released, options?: TableOptions): void;
  /**
   * A figure drawn from a released table's rows by `plot(rows, document)`: an Observable Plot
   * chart rendered on the server. `rows` filters them, as for a table.
   */
  figure(
    title: string,
    table: Released,
    plot: (rows: Row[], document: Document) => Element,
    options?: { rows?: (row: Row) => boolean; caption?: string },
  ): void;
  meta: NotebookMeta;
}

export interface Notebook {
  slug: string;
  title: string;
  summary: string;
  run(nb: NotebookContext): Promise<void>;
}

export const defineNotebook = (n: Notebook) => n;
