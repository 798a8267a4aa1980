import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import type { Database } from '../db/database.ts';
import { FileRejected } from './file-rejected.ts';
import { IDENTIFIER_REASON } from './identifier-checks.ts';
import { lineOf } from './line-of.ts';
import { rawTable } from './raw-table.ts';

/**
 * Refuses the whole file (throws FileRejected) if any landed row holds what looks like a direct
 * identifier: a person-level extract must be pseudonymised, and one such value means the sender's
 * export is wrong, not one row. Names up to 20 lines, never the value.
 */
export async function refuseIdentifiers(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  rowsRead: number,
): Promise<void> {
  const findings = await db.all<{ source_row: number; column_name: string; kind: string }>(
    `select source_row, f.column_name, regexp_extract(f.reason, '${IDENTIFIER_REASON} (.*)', 1) as kind from (
       select source_row, unnest(_failures) as f from ${rawTable(contract)}
       where load_id = ? and _failures is not null)
     where starts_with(f.reason, '${IDENTIFIER_REASON}') order by source_row limit 20`,
    [loadId],
  );
  if (findings.length === 0) return;
  const lines = await Promise.all(
    findings.map(async (f) => ({
      line: (await db.one<{ line: number }>(`select ${lineOf(String(f.source_row))} as line`))!.line,
      column: f.column_name,
      reason: `holds what looks like ${f.kind}: a direct identifier (value withheld)`,
    })),
  );
  const first = lines[0];
  throw new FileRejected(
    `line ${first.line}, column ${first.column} holds what looks like ${findings[0].kind}. Extracts must be pseudonymised: remove direct identifiers and send the file again (nothing of this file was stored)`,
    rowsRead,
    lines,
  );
}
