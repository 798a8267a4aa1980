import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import type { Database } from '../db/database.ts';
import { rawTable } from './raw-table.ts';

/**
 * A corrected delivery (same extract, source and period, new bytes) replaces the earlier batch:
 * its rows are deleted and its load marked superseded. Returns the load replaced, if any.
 * The referrals the deleted rows named are recorded in audit.replaced_keys first: a referral the
 * correction no longer sends must still be rebuilt by the next incremental build.
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
  const keyed = 'referral_id' in contract.schema.shape;
  for (const { load_id } of earlier) {
    if (keyed) {
      await db.run(
        `insert into audit.replaced_keys (load_id, extract_id, referral_id)
         select distinct ?, ?, referral_id from ${rawTable(contract)} where load_id = ? and referral_id is not null`,
        [loadId, contract.id, load_id],
      );
    }
    await db.run(`delete from ${rawTable(contract)} where load_id = ?`, [load_id]);
    await db.run(`update audit.loads set status = 'superseded' where load_id = ?`, [load_id]);
  }
  return earlier.at(-1)?.load_id;
}
