import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { quoteIdent, sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { lineOf } from './line-of.ts';
import { rawTable } from './raw-table.ts';

/**
 * Adds to the temp table `failures` every row repeating the key of an earlier row in the same
 * delivery, pointing at the first. A row already failing another check is not counted twice.
 */
export async function rejectDuplicates(
  db: Database,
  contract: ExtractContract,
  loadId: number,
): Promise<void> {
  const raw = rawTable(contract);
  const key = contract.key.map(quoteIdent);
  const keyText = key.map((k) => `coalesce(${k}::VARCHAR, '')`).join(` || ' / ' || `);
  await db.run(
    `insert into failures
     select source_row, ${sqlString(contract.key.join(', '))}, key_value,
       'duplicate of the row on line ' || first_line || ': each ${contract.key.join(' + ')} must appear once in a delivery'
     from (
       select source_row, ${keyText} as key_value,
         row_number() over (partition by ${key.join(', ')} order by source_row) as n,
         min(source_row) over (partition by ${key.join(', ')}) as first_row
       from ${raw}
       where load_id = ${loadId} and (${key.join(', ')}) in (
         select (${key.join(', ')}) from ${raw} where load_id = ${loadId}
         group by all having count(*) > 1)
     ) d, lateral (select ${lineOf('d.first_row')} as first_line)
     where n > 1 and source_row not in (select source_row from failures)`,
  );
}
