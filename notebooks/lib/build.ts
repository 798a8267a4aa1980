import { parseHTML } from 'linkedom';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BuildInfo, BuiltFor } from '#lib/server/notebook-build.ts';
import type { Row } from '#lib/table.ts';
import type { Cell, Notebook, NotebookContext, NotebookMeta, ReadDataset, Released } from './notebook.ts';
import { renderIndex, renderNotebook } from './render.ts';

/** Runs one notebook's cells, reading every figure through `read` (the registry, for one scope). */
export async function runNotebook(
  notebook: Notebook,
  read: ReadDataset,
  meta: NotebookMeta,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const pick = (table: Released, keep?: (row: Row) => boolean) =>
    keep ? table.rows.filter(keep) : table.rows;
  const nb: NotebookContext = {
    meta,
    async dataset(id, filters = {}) {
      const table = await read(id, {
        area: filters.area ?? { level: 'E', code: 'E' },
        from: filters.from ?? null,
        to: filters.to ?? null,
        instrument: filters.instrument ?? null,
      });
      if (meta.publishedAt !== null && table.publishedAt !== meta.publishedAt)
        throw new Error(
          `${notebook.slug}: ${id} came from a snapshot published at ${table.publishedAt}, not ${meta.publishedAt}: a snapshot was published during the build; run spo notebooks again`,
        );
      return table as Released;
    },
    md: (text) => cells.push({ kind: 'md', text }),
    table(table, options = {}) {
      const columns = options.columns
        ? options.columns.map((key) => {
            const c = table.columns.find((x) => x.key === key);
            if (!c) throw new Error(`${notebook.slug}: dataset ${table.id} has no column ${key}`);
            return c;
          })
        : table.columns;
      cells.push({
        kind: 'table',
        title: options.title ?? table.title,
        dataset: table.id,
        query: table.query,
        columns,
        rows: pick(table, options.rows).map((r) => Object.fromEntries(columns.map((c) => [c.key, r[c.key]]))),
        note: options.note,
        notice: table.notice,
      });
    },
    figure(title, table, plot, options = {}) {
      const el = plot(pick(table, options.rows), document as unknown as Document);
      cells.push({ kind: 'figure', title, html: el.outerHTML, caption: options.caption });
    },
  };
  await notebook.run(nb);
  return cells;
}

export interface BuildReport {
  out: string;
  notebooks: { slug: string; title: string; file: string; tables: number; figures: number }[];
  meta: NotebookMeta;
}

/**
 * Builds every notebook into `out` (index.html, <slug>.html and build.json, which records the scope
 * the figures are for), written beside and renamed into place so the dashboard never serves half a
 * build. `read` and `meta` are passed in: the CLI reads the registry for the scope it was given.
 */
export async function buildNotebooks(options: {
  read: ReadDataset;
  meta: NotebookMeta;
  builtFor: BuiltFor;
  out: string;
  notebooks: Notebook[];
}): Promise<BuildReport> {
  const { read, meta, out, notebooks } = options;
  await mkdir(dirname(out), { recursive: true });
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const report: BuildReport = { out, notebooks: [], meta };
  try {
    for (const nb of notebooks) {
      const cells = await runNotebook(nb, read, meta);
      await writeFile(join(partial, `${nb.slug}.html`), renderNotebook(nb, cells, meta));
      report.notebooks.push({
        slug: nb.slug,
        title: nb.title,
        file: join(out, `${nb.slug}.html`),
        tables: cells.filter((c) => c.kind === 'table').length,
        figures: cells.filter((c) => c.kind === 'figure').length,
      });
    }
    await writeFile(join(partial, 'index.html'), renderIndex(notebooks, meta));
    const info: BuildInfo = {
      builtFor: options.builtFor,
      snapshot: meta.snapshot,
      dataAsOf: meta.dataAsOf,
      publishedAt: meta.publishedAt,
      notebooks: notebooks.map((n) => n.slug),
    };
    await writeFile(join(partial, 'build.json'), `${JSON.stringify(info)}\n`);
    const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
    await rename(out, old).catch(() => undefined);
    await rename(partial, out);
    await rm(old, { recursive: true, force: true });
    return report;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
