import { columnsOf, type ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import { landingExpression, quoteIdent, sqlString, wholeNumberFailure } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { insertChecked } from './insert-checked.ts';
import type { Landing } from './landing.ts';

/**
 * Lands a Parquet file: values that do not cast to the contract's type are rejected like bad CSV
 * fields. Leaves an empty `parse_rejects` (a Parquet row has no unparseable lines) for `lineOf`.
 * Returns how many rows were rejected.
 */
export async function landParquet(
  db: Database,
  { contract, source, file, fileColumns, loadId }: Landing,
): Promise<number> {
  const columns = columnsOf(contract);
  const present = new Map(fileColumns.map((name, i) => [name, i] as const));
  const described = await db.all<{ column_name: string }>(
    `describe select * from read_parquet(${sqlString(source)})`,
  );
  const sourceName = (c: ContractColumn) => quoteIdent(described[present.get(c.name)!].column_name);
  const castOf = (c: ContractColumn) => `try_cast(${sourceName(c)} as ${c.sqlType})`;
  const unreadable = (c: ContractColumn) =>
    `case when ${sourceName(c)} is not null and ${castOf(c)} is null then {'column_name': '${c.name}', 'value': left(${sourceName(c)}::VARCHAR, 200), 'reason': 'could not be read as ${c.sqlType}'} end`;
  // a cast to an integer type rounds 1.5 to 2 (duckdb#25824): the value as DOUBLE must be whole
  const failed = columns
    .map((c) =>
      c.kind === 'integer'
        ? `coalesce(${wholeNumberFailure(c, `try_cast(${sourceName(c)} as DOUBLE)`)}, ${unreadable(c)})`
        : unreadable(c),
    )
    .join(', ');
  await db.run(
    `create or replace temp table parquet_source as
     select file_row_number + 1 as source_row, list_filter([${failed}], lambda f: f is not null) as failures, *
     from read_parquet(${sqlString(source)}, file_row_number = true)`,
  );
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(file)}, source_row, failures[1].column_name, failures[1].value, failures[1].reason
     from parquet_source where len(failures) > 0`,
  );
  await insertChecked(
    db,
    contract,
    loadId,
    `select source_row, ${columns.map((c) => `${landingExpression(c, castOf(c))} as ${quoteIdent(c.name)}`).join(', ')},
       []::STRUCT(column_name VARCHAR, value VARCHAR, reason VARCHAR)[] as _landing_failures
     from parquet_source where len(failures) = 0`,
  );
  await db.run('create or replace temp table parse_rejects as select null::BIGINT as line where false');
  const n = await db.one<{ n: number }>('select count(*) as n from parquet_source where len(failures) > 0');
  await db.run('drop table parquet_source');
  return n!.n;
}
