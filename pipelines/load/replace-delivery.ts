import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import type { Database } from '../db/database.ts';
import { rawTable } from './raw-table.ts';

/**
 * A corrected delivery (same extract, source and period, new bytes) replaces the earlier batch:
 * its rows are deleted and its load marked superseded. Returns the load replaced, if any.
 */
export async function replaceDelivery(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  source: string,
  period: string | null,
): Promise<number | undefined> {
  if (period === null) return undefined;
  const earlier = await db.all<{ load_id: number }>(
    `select load_id from audit.loads where extract_id = ? and source = ? and period = ?
       and status in ('loaded', 'replaced') and load_id <> ?`,
    [contract.id, source, period, loadId],
  );
  for (const { load_id } of earlier) {
    await db.run(`delete from ${rawTable(contract)} where load_id = ?`, [load_id]);
    await db.run(`update audit.loads set status = 'superseded' where load_id = ?`, [load_id]);
  }
  return earlier.at(-1)?.load_id;
}
