import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import type { ExportedTable } from './manifest.ts';

/**
 * The default part of an export: every dataset the scope may read, as the dashboard's API releases
 * it (`read` is the registry's runDataset, passed in by the CLI), one file per dataset. CSV is the
 * API's CSV (`toCsv`, passed in too: the same text as `?format=csv`); Parquet holds the same rows
 * typed by each column's kind, with null where the API has null ([c] or [x] in CSV).
 */

export interface DatasetColumn {
  key: string;
  label: string;
  kind: string;
}

export interface ReleasedTable {
  id: string;
  title: string;
  columns: DatasetColumn[];
  rows: Record<string, string | number | boolean | null>[];
  query: string;
  area: { name: string };
  from: string;
  to: string;
  notice: string | null;
}

export interface DatasetsToExport {
  datasets: { id: string; description: string }[];
  read(id: string): Promise<ReleasedTable>;
  /** why the scope may not have a dataset at all (admin only), or null */
  refused(id: string): string | null;
  /** a refusal from `read` (a breakdown the scope may not see): its message, else rethrow */
  refusal(error: unknown): string | null;
  toCsv(columns: DatasetColumn[], rows: ReleasedTable['rows']): string;
}

/** The Parquet type of a column: counts whole numbers, other figures doubles, labels as they come. */
function parquetType(c: DatasetColumn, rows: ReleasedTable['rows']): string {
  if (c.kind === 'count') return 'BIGINT';
  if (c.kind !== 'dim') return 'DOUBLE';
  const values = rows.map((r) => r[c.key]).filter((v) => v !== null && v !== undefined);
  if (values.length && values.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (values.length && values.every((v) => typeof v === 'number'))
    return values.every((v) => Number.isInteger(v)) ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

async function writeParquet(db: Database, t: ReleasedTable, file: string, types: string[]): Promise<void> {
  const json = `${file}.ndjson`;
  // labels of mixed types (a group that is a number in one row) go to Parquet as text
  const text = (v: unknown, type: string) =>
    type === 'VARCHAR' && v !== null && v !== undefined ? String(v) : v;
  await writeFile(
    json,
    t.rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(t.columns.map((c, i) => [c.key, text(r[c.key] ?? null, types[i])])),
        ),
      )
      .join('\n'),
  );
  const columns = t.columns.map((c, i) => `${sqlString(c.key)}: ${sqlString(types[i])}`).join(', ');
  const source = t.rows.length
    ? `select * from read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${columns}})`
    : `select ${t.columns.map((c, i) => `null::${types[i]} as "${c.key.replaceAll('"', '""')}"`).join(', ')} limit 0`;
  try {
    await db.run(`copy (${source}) to ${sqlString(file)} (format parquet, compression zstd)`);
  } finally {
    await rm(json, { force: true });
  }
}

export async function exportDatasets(
  db: Database,
  dir: string,
  format: 'parquet' | 'csv',
  source: DatasetsToExport,
  log?: (message: string) => void,
): Promise<{
  tables: ExportedTable[];
  skipped: { dataset: string; reason: string }[];
  /** the period the datasets cover (the filters', or the default resolved by the registry) */
  period: { from: string; to: string } | null;
}> {
  await mkdir(join(dir, 'datasets'), { recursive: true });
  const tables: ExportedTable[] = [];
  const skipped: { dataset: string; reason: string }[] = [];
  let period: { from: string; to: string } | null = null;
  for (const d of source.datasets) {
    const refused = source.refused(d.id);
    if (refused) {
      skipped.push({ dataset: d.id, reason: refused });
      continue;
    }
    let t: ReleasedTable;
    try {
      t = await source.read(d.id);
    } catch (error) {
      const reason = source.refusal(error);
      if (reason === null) throw error;
      skipped.push({ dataset: d.id, reason });
      continue;
    }
    period ??= { from: t.from, to: t.to };
    const path = join('datasets', `${d.id}.${format}`);
    const types = t.columns.map((c) => parquetType(c, t.rows));
    if (format === 'csv') await writeFile(join(dir, path), source.toCsv(t.columns, t.rows));
    else await writeParquet(db, t, join(dir, path), types);
    tables.push({
      name: d.id,
      restricted: false,
      holds: `${d.description} ${t.area.name}, ${t.from} to ${t.to}; disclosure-controlled as the dashboard's API gives it.`,
      path,
      dataset: d.id,
      query: t.query,
      columns: t.columns.map((c, i) => ({ name: c.key, type: types[i], label: c.label, kind: c.kind })),
      rows: t.rows.length,
      files: 1,
    });
    log?.(`${d.id}: ${t.rows.length} rows`);
  }
  return { tables, skipped, period };
}
