import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { quoteIdent, sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { WAREHOUSE_DIR } from '../../src/lib/config/paths.ts';
import type { ExportedTable } from './manifest.ts';

/**
 * The restricted part of an export (`spo export --restricted`): the snapshot's marts as they are,
 * Hive-partitioned Parquet, one folder per mart. Their counts are unrounded and several marts hold
 * about one row per person (outcome_pairs; referrals_monthly at month × PCN × age × sex × ethnic
 * group × IMD decile × route), so every one is marked restricted in the manifest.
 */

export interface ExportedColumn {
  name: string;
  type: string;
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

/** What a mart holds, from its model's description (warehouse/marts/<name>.ts). */
async function martDescription(name: string): Promise<string> {
  if (name === '_snapshot') return 'When the snapshot was published and the data it holds were loaded.';
  const model = (await import(pathToFileURL(join(WAREHOUSE_DIR, 'marts', `${name}.ts`)).href).catch(
    () => null,
  )) as { default?: { description?: string } } | null;
  return model?.default?.description ?? `marts.${name}`;
}

const RESTRICTED =
  'Restricted: rows as in the warehouse, counts unrounded and not disclosure-controlled, so small numbers of people can be read from it. For analysts under the data-sharing agreement only; never publish it.';

/** Writes every mart of the snapshot attached as `snap` into `dir/<mart>/`. */
export async function exportMarts(
  db: Database,
  dir: string,
  log?: (message: string) => void,
): Promise<ExportedTable[]> {
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
      await mkdir(target, { recursive: true });
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
      restricted: true,
      holds: `${await martDescription(name)} ${RESTRICTED}`,
      path: join('restricted', name),
      partitionedBy: by,
      columns: allColumns,
      rows,
      files: await countFiles(target),
    });
    log?.(`${name}: ${rows} rows${by.length ? `, partitioned by ${by.join(', ')}` : ''}`);
  }
  return exported;
}
