import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { lineOf } from './line-of.ts';
import { rawTable } from './raw-table.ts';
import { rejectDuplicates } from './reject-duplicates.ts';

/**
 * Rejects the landed rows that fail a contract check (computed when landing, in `_failures`) or
 * repeat a key, recording each failure with its file line in audit.rejected_rows and deleting the
 * row from the batch. Returns how many rows were rejected.
 */
export async function validateBatch(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  file: string,
): Promise<number> {
  await db.run(
    `create or replace temp table failures as
     select source_row, f.column_name, f.value, f.reason from (
       select source_row, unnest(_failures) as f
       from ${rawTable(contract)} where load_id = ${loadId} and _failures is not null)`,
  );
  if (contract.key.length > 0) await rejectDuplicates(db, contract, loadId);
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(file)}, ${lineOf('source_row')}, column_name, value, reason from failures`,
  );
  await db.run(
    `delete from ${rawTable(contract)} where load_id = ${loadId} and source_row in (select source_row from failures)`,
  );
  return (await db.one<{ n: number }>('select count(distinct source_row) as n from failures'))!.n;
}
