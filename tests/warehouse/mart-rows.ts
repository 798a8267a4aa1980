import { DuckDBInstance } from '@duckdb/node-api';
import { plainRows } from '../../src/lib/server/duckdb/connection.ts';
import { martContracts } from '../../warehouse/mart-contracts.ts';

/**
 * Every mart's rows in a built warehouse file as the dashboard receives them (the DuckDB dialect's
 * plainRows, src/lib/server/duckdb/connection.ts), each parsed with its mart's contract, strictly:
 * the zod issues per mart (none when the derived row type holds for every row read), and the marts
 * that had no rows to check. Reads through another instance attaching the file read-only, as a
 * snapshot is opened; at most `limit` rows a mart.
 */
export async function martRowIssues(
  file: string,
  limit = 2000,
): Promise<{ issues: Record<string, string[]>; empty: string[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`attach '${file.replaceAll("'", "''")}' as built (read_only)`);
    const issues: Record<string, string[]> = {};
    const empty: string[] = [];
    for (const [name, contract] of Object.entries(martContracts)) {
      const rows = plainRows(
        await connection.runAndReadAll(`select * from built.marts.${name} limit ${limit}`),
      );
      if (rows.length === 0) empty.push(name);
      for (const row of rows) {
        const parsed = contract.columns.strict().safeParse(row);
        for (const issue of parsed.error?.issues ?? []) {
          (issues[name] ??= []).push(`${issue.path.join('.')}: ${issue.message} in ${JSON.stringify(row)}`);
        }
      }
    }
    return { issues, empty };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
