import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipelines/db/database.ts';
import { migrate } from '../../../pipelines/db/migrate.ts';
import { auditLoad, type LoadRecord } from '../../../pipelines/load/audit-load.ts';

let db: Database;
beforeEach(async () => {
  db = await openDatabase(':memory:');
  await migrate(db);
});
afterEach(() => db.close());

// Every value distinct, so a value written to the wrong column shows (a positional list that
// swapped rows_loaded and rows_rejected, or file_name and file_path, would still insert).
const record: LoadRecord = {
  load_id: 41,
  file_name: 'referrals_2024-05_v2.csv',
  file_path: '/in/referrals_2024-05_v2.csv',
  sha256: 'ab'.repeat(32),
  extract_id: 'referrals',
  source: 'referrals_2024-05',
  period: '2024-05',
  status: 'replaced',
  rows_read: 100,
  rows_loaded: 93,
  rows_rejected: 7,
  replaced_load_id: 12,
  error: null,
  started_at: new Date('2024-06-03T09:15:00.000Z'),
  finished_at: new Date('2024-06-03T09:15:02.500Z'),
  run_by: 'analyst@host: spo load in/',
  // beyond a double's 2^53, so a value that went through a number would come back changed
  file_size: '2345678',
  file_mtime_ns: '1717406099123456789',
  file_ctime_ns: '1717406099987654321',
  file_inode: '18446744073709551557',
  file_device: '66311',
};

it('writes each value of the record to the column of its name, and the duration from start to finish', async () => {
  await auditLoad(db, record);
  const row = await db.one(
    `select * replace (strftime(started_at, '%Y-%m-%dT%H:%M:%S.%g') as started_at,
                       strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%g') as finished_at,
                       file_size::VARCHAR as file_size, file_mtime_ns::VARCHAR as file_mtime_ns,
                       file_ctime_ns::VARCHAR as file_ctime_ns, file_inode::VARCHAR as file_inode,
                       file_device::VARCHAR as file_device)
     from audit.loads`,
  );
  expect(row).toEqual({
    ...record,
    started_at: '2024-06-03T09:15:00.000',
    finished_at: '2024-06-03T09:15:02.500',
    duration_ms: 2500,
  });
});

it('records a refused file with its reason and no source, period or replaced load', async () => {
  await auditLoad(db, {
    ...record,
    source: null,
    period: null,
    status: 'rejected',
    rows_loaded: 0,
    rows_rejected: 100,
    replaced_load_id: null,
    error: 'referrals_2024-05_v2.csv: the file is empty (0 bytes): send it again',
  });
  expect(
    await db.one(
      `select source, period, status, rows_read, rows_loaded, rows_rejected, replaced_load_id, error from audit.loads`,
    ),
  ).toEqual({
    source: null,
    period: null,
    status: 'rejected',
    rows_read: 100,
    rows_loaded: 0,
    rows_rejected: 100,
    replaced_load_id: null,
    error: 'referrals_2024-05_v2.csv: the file is empty (0 bytes): send it again',
  });
});
