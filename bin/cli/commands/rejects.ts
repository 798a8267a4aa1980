import { parse, UsageError } from '../args.ts';
import { openWarehouse } from '../../../pipelines/db/open-warehouse.ts';

export const rejectsHelp = `spo rejects [--load ID] [--csv] [--limit N] [--db FILE]
  Rows that were refused, with file, line, column, value and the reason to fix.`;

const csvCell = (value: unknown) => {
  let text = value === null || value === undefined ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in a spreadsheet: neutralise it.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export async function rejectsCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    load: { type: 'string' },
    csv: { type: 'boolean' },
    limit: { type: 'string' },
  });
  const loadId = values.load === undefined ? null : Number(values.load);
  if (loadId !== null && !Number.isInteger(loadId))
    throw new UsageError(`--load must be a load id, got ${values.load}`);
  const limit = values.limit ? Number(values.limit) : values.csv ? 1_000_000_000 : 50;
  const { db } = await openWarehouse(values.db);
  try {
    const rows = await db.all<Record<string, unknown>>(
      `select load_id, file_name as file, line, column_name as "column", value, reason from audit.rejected_rows
       where ?::BIGINT is null or load_id = ? order by load_id, line limit ?`,
      [loadId, loadId, limit],
    );
    if (values.csv) {
      process.stdout.write('load_id,file,line,column,value,reason\n');
      for (const r of rows) process.stdout.write(`${Object.values(r).map(csvCell).join(',')}\n`);
      return 0;
    }
    if (rows.length === 0) {
      process.stdout.write(loadId === null ? 'no rejected rows\n' : `no rejected rows in load ${loadId}\n`);
      return 0;
    }
    for (const r of rows) {
      process.stdout.write(
        `load ${r.load_id}  ${r.file}:${r.line}  ${r.column} = ${r.value ?? '(empty)'}: ${r.reason}\n`,
      );
    }
    const total = await db.one<{ n: number }>(
      `select count(*) as n from audit.rejected_rows where ?::BIGINT is null or load_id = ?`,
      [loadId, loadId],
    );
    if (total && total.n > rows.length)
      process.stdout.write(`… ${total.n - rows.length} more (--limit N, or --csv for all)\n`);
    return 0;
  } finally {
    db.close();
  }
}
