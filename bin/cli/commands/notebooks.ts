import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { buildNotebooks, type Source } from '../../../notebooks/lib/build.ts';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { currentSnapshot } from '../../../pipelines/publish/publish.ts';
import { parse } from '../args.ts';

export const notebooksHelp = `spo notebooks [--data DIR] [--out DIR] [--db FILE] [--json]
  Builds the analyst notebooks in notebooks/ from a Parquet export of the published marts
  (--data DIR, made by spo export; by default the current snapshot is exported to
  exports/<snapshot>/ beside the warehouse) into notebooks/ beside the warehouse, where the
  dashboard serves them at /notebooks/. Every figure passes the dashboard's disclosure control.`;

/** Where the built notebooks go for a warehouse (the dashboard serves this folder). */
export const notebooksDir = (warehouse: string) => join(dirname(warehouse), 'notebooks');

/** The Parquet export of the current snapshot, made if it is not there yet. */
async function exportOfCurrent(warehouse: string, snapshot: string): Promise<Source> {
  const dir = join(dirname(warehouse), 'exports', basename(snapshot, '.duckdb'));
  if (existsSync(join(dir, 'manifest.json'))) return { parquet: dir };
  const module = './../../../pipelines/export/export-parquet.ts';
  const exporter = (await import(module).catch(() => null)) as {
    exportParquet?: (warehouse: string, out: string, o: { replace?: boolean }) => Promise<unknown>;
  } | null;
  // Without the exporter (an older checkout), read the snapshot directly: the same marts.
  if (!exporter?.exportParquet) return { snapshot };
  await exporter.exportParquet(warehouse, dir, { replace: true });
  return { parquet: dir };
}

/** Builds the notebooks for a warehouse's current snapshot; used by spo notebooks and spo watch. */
export async function runNotebooks(options: { db?: string; data?: string; out?: string }) {
  const warehouse = warehouseFile(options.db);
  let source: Source;
  if (options.data) {
    const dir = resolve(options.data);
    await readFile(join(dir, 'manifest.json')).catch(() => {
      throw new Error(
        `${dir} has no manifest.json: give a folder written by  spo export --format parquet --out DIR`,
      );
    });
    source = { parquet: dir };
  } else {
    const snapshot = await currentSnapshot(warehouse);
    if (!snapshot)
      throw new Error(`nothing is published for ${warehouse} yet: run  spo load DIR  (or  spo demo) first`);
    source = await exportOfCurrent(warehouse, snapshot);
  }
  return buildNotebooks(source, resolve(options.out ?? notebooksDir(warehouse)));
}

export async function notebooksCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  const report = await runNotebooks(values);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  for (const n of report.notebooks)
    process.stdout.write(`built  ${n.title}: ${n.tables} tables, ${n.figures} figures → ${n.file}\n`);
  process.stdout.write(
    `data as of ${report.meta.dataAsOf ?? 'no loads'} (${report.meta.snapshot}); open them from the dashboard at /notebooks/\n`,
  );
  return 0;
}
