import type { Database } from '../db/database.ts';

/** One load as audit.loads records it (warehouse/migrations/001_schemas_and_audit.sql), by column. */
export interface LoadRecord {
  load_id: number;
  file_name: string;
  file_path: string;
  sha256: string;
  extract_id: string | null;
  /** the delivery's source (`deliverySource`), null for a refused file */
  source: string | null;
  period: string | null;
  /** how the load ended; `superseded` is set later, by the delivery that replaces it */
  status: 'loaded' | 'replaced' | 'rejected';
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  replaced_load_id: number | null;
  /** why a whole file was refused */
  error: string | null;
  started_at: Date;
  finished_at: Date;
  run_by: string;
}

/** Records a load in audit.loads, its duration from its start and finish. */
export async function auditLoad(db: Database, record: LoadRecord): Promise<void> {
  const row = {
    ...record,
    started_at: record.started_at.toISOString(),
    finished_at: record.finished_at.toISOString(),
    duration_ms: record.finished_at.getTime() - record.started_at.getTime(),
  };
  const columns = Object.keys(row) as (keyof typeof row)[];
  // ISO strings to DuckDB TIMESTAMPs (UTC) explicitly, as a bound string is a VARCHAR
  const placeholders = columns.map((c) => (c === 'started_at' || c === 'finished_at' ? '?::TIMESTAMP' : '?'));
  await db.run(
    `insert into audit.loads (${columns.join(', ')}) values (${placeholders.join(', ')})`,
    columns.map((c) => row[c]),
  );
}
