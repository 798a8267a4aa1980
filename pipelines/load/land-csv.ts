import { columnsOf } from '../../warehouse/contracts/columns-of.ts';
import { landingExpression, quoteIdent, sqlString, wholeNumberFailure } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { insertChecked } from './insert-checked.ts';
import type { Landing } from './landing.ts';
import { readHead } from './read-header.ts';

/**
 * Lands a CSV with DuckDB's typed reader; rows it cannot parse go to audit.rejected_rows, and
 * their lines to the temp table `parse_rejects` (which `lineOf` reads). Returns how many.
 */
export async function landCsv(
  db: Database,
  { contract, source, file, fileColumns, loadId }: Landing,
): Promise<number> {
  const columns = columnsOf(contract);
  // integer columns are read as DOUBLE so a decimal is refused, not rounded (wholeNumberFailure)
  const typeOf = (name: string | null) => {
    const column = columns.find((c) => c.name === name);
    return column?.kind === 'integer' ? 'DOUBLE' : (column?.sqlType ?? 'VARCHAR');
  };
  const integers = columns.filter((c) => c.kind === 'integer');
  const readColumns = fileColumns
    .map((name, i) => `${sqlString(name ?? `ignored_${i}`)}: ${sqlString(typeOf(name))}`)
    .join(', ');
  const header = contract.format?.header !== false;
  const head = await readHead(source);
  const delimiter = contract.format?.delimiter ?? head.delimiter;
  // Compression from the bytes, not the name: a gzipped file called .csv is read as gzip, not as
  // binary that yields no rows.
  const compression = head.gzip ? 'gzip' : 'none';
  await db.run('drop table if exists reject_errors; drop table if exists reject_scans;');
  const landed = columns
    .map((c) => {
      const read = quoteIdent(c.name);
      return `${c.kind === 'integer' ? `try_cast(${read} as ${c.sqlType})` : landingExpression(c)} as ${read}`;
    })
    .join(', ');
  const landingFailures = `list_filter([${integers.map((c) => wholeNumberFailure(c, quoteIdent(c.name))).join(', ')}]::STRUCT(column_name VARCHAR, value VARCHAR, reason VARCHAR)[], lambda f: f is not null)`;
  await insertChecked(
    db,
    contract,
    loadId,
    `select row_number() over () as source_row, ${landed}, ${landingFailures} as _landing_failures
     from read_csv(${sqlString(source)}, header = ${header}, columns = {${readColumns}}, auto_detect = false,
       compression = '${compression}', delim = ${sqlString(delimiter)}, quote = '"', escape = '"', dateformat = ${sqlString(contract.format?.dateFormat ?? '%Y-%m-%d')},
       nullstr = [${(contract.format?.nullStrings ?? ['']).map(sqlString).join(', ')}],
       store_rejects = true, rejects_limit = 0, max_line_size = 1048576)`,
  );
  // One row can fail in several ways; it is one rejected row.
  await db.run(
    `create or replace temp table parse_rejects as
     select line, first(column_name order by column_idx) as column_name,
            first(error_type order by column_idx) as error_type,
            first(error_message order by column_idx) as error_message
     from reject_errors group by line`,
  );
  // the type the contract gives the column (an integer column is read as DOUBLE, see typeOf)
  const named = `coalesce(regexp_extract(error_message, 'to ''([A-Z]+)''', 1), 'its type')`;
  const readAs = integers.length
    ? `case column_name ${integers.map((c) => `when ${sqlString(c.name)} then '${c.sqlType}'`).join(' ')} else ${named} end`
    : named;
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(file)}, line, column_name,
       left(coalesce(regexp_extract(error_message, 'string "(.*)" to', 1), ''), 200),
       case error_type
         when 'CAST' then 'could not be read as ' || ${readAs}
           || case when error_message like '%''DATE''%' then ' (write dates as yyyy-mm-dd)' else '' end
         when 'MISSING COLUMNS' then 'has too few fields: ' || error_message
         when 'TOO MANY COLUMNS' then 'has too many fields: ' || error_message || ' (quote text that contains the delimiter)'
         when 'UNQUOTED VALUE' then 'has a quote character inside an unquoted field: quote the field and double the quotes in it'
         when 'LINE SIZE OVER MAXIMUM' then 'is longer than 1 MB: check for a missing closing quote'
         when 'INVALID ENCODING' then 'is not valid UTF-8: save the file as UTF-8'
         when 'INVALID UNICODE' then 'is not valid UTF-8: save the file as UTF-8'
         else lower(error_type) || ': ' || error_message end
     from parse_rejects`,
  );
  return (await db.one<{ n: number }>('select count(*) as n from parse_rejects'))!.n;
}
