import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import type { Database } from '../db/database.ts';
import { rawTable } from './raw-table.ts';

/**
 * The period a batch covers: the contract's fixed period, else its months from the data,
 * `2024-05` or `2024-04..2024-06`; null for a batch with no dated row.
 */
export async function periodOf(
  db: Database,
  contract: ExtractContract,
  loadId: number,
): Promise<string | null> {
  if (contract.fixedPeriod) return contract.fixedPeriod;
  const row = await db.one<{ first: string | null; last: string | null }>(
    `select strftime(min(${contract.periodSql}), '%Y-%m') as first, strftime(max(${contract.periodSql}), '%Y-%m') as last
     from ${rawTable(contract)} where load_id = ?`,
    [loadId],
  );
  if (!row?.first) return null;
  return row.first === row.last ? row.first : `${row.first}..${row.last}`;
}
