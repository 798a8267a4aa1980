import { quoteIdent } from '../contracts/compile-checks.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import type { Database } from '../db/database.ts';

/** The raw table an extract lands in: `raw.<extract id>`, every batch tagged with its load_id. */
export const rawTable = (contract: ExtractContract): string => `raw.${quoteIdent(contract.id)}`;

/** Rows of one batch in its raw table. */
export async function batchSize(db: Database, contract: ExtractContract, loadId: number): Promise<number> {
  return (await db.one<{ n: number }>(`select count(*) as n from ${rawTable(contract)} where load_id = ?`, [
    loadId,
  ]))!.n;
}
