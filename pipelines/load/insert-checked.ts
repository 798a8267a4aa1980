import { columnsOf } from '../../warehouse/contracts/columns-of.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { failuresExpression, quoteIdent } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { rawTable } from './raw-table.ts';

/**
 * Inserts a batch (a query yielding source_row and the contract's columns, as landed) together
 * with the list of checks each row fails, computed in the same pass over the file: the batch is
 * read once (decision 0003). `_failures` is null for a valid row. The batch also yields
 * `_landing_failures`, what its reader found (e.g. a decimal in an integer column).
 */
export async function insertChecked(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  batch: string,
): Promise<void> {
  const names = columnsOf(contract)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  await db.run(
    `insert into ${rawTable(contract)} (load_id, source_row, ${names}, _failures)
     select ${loadId}, source_row, ${names}, case when len(_f) = 0 then null else _f end
     from (select *, list_concat(_landing_failures, ${failuresExpression(contract)}) as _f from (${batch}))`,
  );
}
