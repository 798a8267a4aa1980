import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { quoteIdent, sqlString } from '../contracts/compile-checks.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { currentSnapshot } from '../publish/publish.ts';

export interface ExportedColumn {
  name: string;
  type: string;
}

export interface ExportedTable {
  name: string;
  /** Folder of the table, relative to the export folder. */
  path: string;
  /** Hive partition columns, outermost first (their values are in the folder names, not the files). */
  partitionedBy: string[];
  /** Every column as a reader sees it, partition columns included. */
  columns: ExportedColumn[];
  rows: number;
  files: number;
}

export interface ExportManifest {
  format: 'parquet';
  layout: 'hive';
  snapshot: string;
  publishedAt: string | null;
  dataAsOf: string | null;
  lastLoadId: number | null;
  exportedAt: string;
  tables: ExportedTable[];
}

/**
 * The partitioning of one mart: by financial year (April to March, `2024-25`) of its month column
 * and by ICB where it has them, so an engine reading one year or one ICB opens only those files.
 */
function partitioning(columns: ExportedColumn[]): { extra: string; by: string[] } {
  const names = new Set(columns.map((c) => c.name));
  const by: string[] = [];
  let extra = '';
  if (names.has('month')) {
    extra = `, case when month is null then null else
        (year(month) - (month(month) < 4)::INTEGER)::VARCHAR || '-' ||
        lpad(((year(month) - (month(month) < 4)::INTEGER + 1) % 100)::VARCHAR, 2, '0') end as financial_year`;
    by.push('financial_year');
  }
  if (names.has('icb_code')) by.push('icb_code');
  return { extra, by };
}

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.parquet')).length;
}

/**
 * Writes the published snapshot's marts (never the live warehouse, which a load may be changing)
 * as Hive-partitioned Parquet, one folder per mart, with a manifest.json. The export is written
 * beside `outDir` and renamed into place, so a reader never sees half an export.
 */
export async function exportParquet(
  warehouseFile: string,
  outDir: string,
  options: { replace?: boolean; now?: () => Date; log?: (message: string) => void } = {},
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
    const manifest = await writeTables(db, snapshot, partial, options);
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

async function writeTables(
  db: Database,
  snapshot: string,
  dir: string,
  options: { now?: () => Date; log?: (message: string) => void },
): Promise<ExportManifest> {
  const info = await db.one<{ published_at: string; data_as_of: string | null; last_load_id: number | null }>(
    `select published_at::VARCHAR as published_at, data_as_of::VARCHAR as data_as_of, last_load_id from snap.marts._snapshot`,
  );
  const tables = await db.all<{ table_name: string }>(
    `select table_name from duckdb_tables() where database_name = 'snap' and schema_name = 'marts' order by 1`,
  );
  const exported: ExportedTable[] = [];
  for (const { table_name: name } of tables) {
    const columns = await db.all<ExportedColumn>(
      `select column_name as name, data_type as type from duckdb_columns()
       where database_name = 'snap' and schema_name = 'marts' and table_name = ? order by column_index`,
      [name],
    );
    const { extra, by } = partitioning(columns);
    const target = join(dir, name);
    const source = `select *${extra} from snap.marts.${quoteIdent(name)}`;
    const rows = (await db.one<{ n: number }>(`select count(*) as n from snap.marts.${quoteIdent(name)}`))!.n;
    if (by.length > 0) {
      await db.run(
        `copy (${source}) to ${sqlString(target)}
         (format parquet, compression zstd, partition_by (${by.map(quoteIdent).join(', ')}), filename_pattern 'part_{i}')`,
      );
    } else {
      await mkdir(target);
      await db.run(
        `copy (${source}) to ${sqlString(join(target, 'part_0.parquet'))} (format parquet, compression zstd)`,
      );
    }
    // A mart with no rows writes no partition files: leave an empty file so readers find its schema.
    if (rows === 0 && by.length > 0) {
      await mkdir(target, { recursive: true });
      await db.run(
        `copy (${source} limit 0) to ${sqlString(join(target, 'part_0.parquet'))} (format parquet)`,
      );
    }
    const written = (await db.one<{ n: number }>(
      `select count(*) as n from read_parquet(${sqlString(`${target}/**/*.parquet`)}, hive_partitioning = ${by.length > 0})`,
    ))!.n;
    if (written !== rows) throw new Error(`${name}: wrote ${written} rows but the snapshot has ${rows}`);
    const allColumns = by.includes('financial_year')
      ? [...columns, { name: 'financial_year', type: 'VARCHAR' }]
      : columns;
    exported.push({
      name,
      path: name,
      partitionedBy: by,
      columns: allColumns,
      rows,
      files: await countFiles(target),
    });
    options.log?.(`${name}: ${rows} rows${by.length ? `, partitioned by ${by.join(', ')}` : ''}`);
  }
  return {
    format: 'parquet',
    layout: 'hive',
    snapshot: basename(snapshot),
    publishedAt: info?.published_at ?? null,
    dataAsOf: info?.data_as_of ?? null,
    lastLoadId: info?.last_load_id ?? null,
    exportedAt: (options.now ?? (() => new Date()))().toISOString(),
    tables: exported,
  };
}
