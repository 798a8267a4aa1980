import { currentSnapshot } from '../../../pipelines/publish/publish.ts';
import { parse } from '../args.ts';
import { openWarehouse } from '../../../pipelines/db/open-warehouse.ts';

export const statusHelp = `spo status [--db FILE] [--json]
  Loads so far, the published snapshot, and row counts per table.`;

export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  const { db, file } = await openWarehouse(values.db);
  try {
    const loads = await db.all<Record<string, unknown>>(
      `select extract_id as extract, status, count(*)::INTEGER as files, sum(rows_read)::BIGINT as rows_read,
         sum(rows_loaded)::BIGINT as rows_loaded, sum(rows_rejected)::BIGINT as rows_rejected, max(finished_at) as last_load
       from audit.loads group by all order by extract, status`,
    );
    const tables = await db.all<{ table: string; rows: number }>(
      `select schema_name || '.' || table_name as "table", estimated_size as rows from duckdb_tables()
       where database_name = current_database() and schema_name in ('raw', 'staging', 'intermediate', 'marts') order by 1`,
    );
    const snapshot = await currentSnapshot(file);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ warehouse: file, snapshot, loads, tables })}\n`);
      return 0;
    }
    process.stdout.write(
      `warehouse ${file}\nsnapshot  ${snapshot ?? 'none published yet (spo load or spo publish)'}\n\nloads\n`,
    );
    for (const l of loads) {
      process.stdout.write(
        `  ${String(l.extract ?? '(unrecognised)').padEnd(18)} ${String(l.status).padEnd(10)} ${String(l.files).padStart(4)} files ${String(l.rows_loaded).padStart(10)} rows loaded ${String(l.rows_rejected).padStart(7)} rejected\n`,
      );
    }
    process.stdout.write('\ntables\n');
    for (const t of tables) process.stdout.write(`  ${t.table.padEnd(44)} ${String(t.rows).padStart(10)}\n`);
    return 0;
  } finally {
    db.close();
  }
}
