import type { Database } from '../db/database.ts';
import type { FileStat } from './file-stat.ts';

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
  /** what stat() said of the file as the load began (`FileStat`, exact decimal strings); null
   * when it changed during the load, so that a later delivery of it is hashed */
  file_size: string | null;
  file_mtime_ns: string | null;
  file_ctime_ns: string | null;
  file_inode: string | null;
  file_device: string | null;
}

/** The record's columns for a file's stat, or nulls. */
export function statColumns(
  s: FileStat | null,
): Pick<LoadRecord, 'file_size' | 'file_mtime_ns' | 'file_ctime_ns' | 'file_inode' | 'file_device'> {
  return {
    file_size: s?.size ?? null,
    file_mtime_ns: s?.mtimeNs ?? null,
    file_ctime_ns: s?.ctimeNs ?? null,
    file_inode: s?.inode ?? null,
    file_device: s?.device ?? null,
  };
}

/** How each value is bound: timestamps from ISO strings (UTC), exact whole numbers from strings. */
const CAST: Partial<Record<string, string>> = {
  started_at: '?::TIMESTAMP',
  finished_at: '?::TIMESTAMP',
  file_size: '?::BIGINT',
  file_mtime_ns: '?::BIGINT',
  file_ctime_ns: '?::BIGINT',
  file_inode: '?::UBIGINT',
  file_device: '?::UBIGINT',
};

/** Records a load in audit.loads, its duration from its start and finish. */
export async function auditLoad(db: Database, record: LoadRecord): Promise<void> {
  const row = {
    ...record,
    started_at: record.started_at.toISOString(),
    finished_at: record.finished_at.toISOString(),
    duration_ms: record.finished_at.getTime() - record.started_at.getTime(),
  };
  const columns = Object.keys(row) as (keyof typeof row)[];
  // cast explicitly, as a bound string is a VARCHAR
  const placeholders = columns.map((c) => CAST[c] ?? '?');
  await db.run(
    `insert into audit.loads (${columns.join(', ')}) values (${placeholders.join(', ')})`,
    columns.map((c) => row[c]),
  );
}
