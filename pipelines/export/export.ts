import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { sqlString } from '../contracts/compile-checks.ts';
import { openDatabase } from '../db/database.ts';
import { currentSnapshot } from '../publish/publish.ts';
import { exportDatasets, type DatasetsToExport } from './export-datasets.ts';
import { exportMarts } from './export-marts.ts';
import type { ExportManifest } from './manifest.ts';

export interface ExportOptions {
  format: 'parquet' | 'csv';
  /** the disclosed datasets, read through the registry for one scope (the CLI passes them in) */
  datasets: DatasetsToExport;
  /** what the manifest says about the datasets: whose view, which area and period, which settings */
  about: Pick<ExportManifest, 'builtFor' | 'audience' | 'area' | 'disclosure'>;
  /** also write the marts as they are (restricted: unrounded, near person-level) */
  restricted?: boolean;
  replace?: boolean;
  now?: () => Date;
  log?: (message: string) => void;
}

/**
 * Writes an export of the published snapshot (never the live warehouse, which a load may be
 * changing): the datasets as the API releases them, and with `restricted` the marts as they are,
 * with a manifest.json that says which is which and what each holds. Written beside `outDir` and
 * renamed into place, so a reader never sees half an export.
 */
export async function exportSnapshot(
  warehouseFile: string,
  outDir: string,
  options: ExportOptions,
): Promise<ExportManifest> {
  const snapshot = await currentSnapshot(warehouseFile);
  if (!snapshot) {
    throw new Error(`nothing is published for ${warehouseFile} yet: run spo load (or spo publish) first`);
  }
  const out = resolve(outDir);
  const existing = await readdir(out).catch(() => null);
  if (existing && existing.length > 0 && !options.replace) {
    throw new Error(`${out} already exists and is not empty: choose a new folder, or add --replace`);
  }
  await mkdir(dirname(out), { recursive: true });
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);

  const db = await openDatabase(':memory:');
  try {
    await db.run(`attach ${sqlString(snapshot)} as snap (read_only)`);
    const info = await db.one<{ published_at: string; data_as_of: string | null }>(
      `select published_at::VARCHAR as published_at, data_as_of::VARCHAR as data_as_of from snap.marts._snapshot`,
    );
    const released = await exportDatasets(db, partial, options.format, options.datasets, options.log);
    const marts = options.restricted ? await exportMarts(db, join(partial, 'restricted'), options.log) : [];
    const manifest: ExportManifest = {
      format: options.format,
      snapshot: basename(snapshot),
      publishedAt: info?.published_at ?? null,
      dataAsOf: info?.data_as_of ?? null,
      exportedAt: (options.now ?? (() => new Date()))().toISOString(),
      ...options.about,
      from: released.period?.from ?? null,
      to: released.period?.to ?? null,
      restricted: marts.length > 0,
      tables: [...released.tables, ...marts],
      skipped: released.skipped,
    };
    await writeFile(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    db.close();
    if (existing) {
      const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
      await rename(out, old);
      await rename(partial, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(partial, out);
    }
    return manifest;
  } catch (error) {
    try {
      db.close();
    } catch {
      // already closed
    }
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
