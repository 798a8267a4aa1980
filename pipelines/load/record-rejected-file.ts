import type { Database } from '../db/database.ts';
import { auditLoad, type LoadRecord } from './audit-load.ts';
import type { FileRejected } from './file-rejected.ts';

/**
 * Records a refused file in one transaction: its load, with the reason and the rows it held
 * counted as rejected, and the lines that caused the refusal (their values withheld).
 */
export async function recordRejectedFile(
  db: Database,
  load: Pick<
    LoadRecord,
    | 'load_id'
    | 'file_name'
    | 'file_path'
    | 'sha256'
    | 'extract_id'
    | 'started_at'
    | 'finished_at'
    | 'run_by'
    | 'file_size'
    | 'file_mtime_ns'
    | 'file_ctime_ns'
    | 'file_inode'
    | 'file_device'
  >,
  rejected: FileRejected,
  message: string,
): Promise<void> {
  await db.transaction(async () => {
    await auditLoad(db, {
      ...load,
      source: null,
      period: null,
      status: 'rejected',
      rows_read: rejected.rowsRead,
      rows_loaded: 0,
      rows_rejected: rejected.rowsRead,
      replaced_load_id: null,
      error: message,
    });
    for (const line of rejected.lines) {
      await db.run(`insert into audit.rejected_rows values (?, ?, ?, ?, null, ?)`, [
        load.load_id,
        load.file_name,
        line.line,
        line.column,
        line.reason,
      ]);
    }
  });
}
