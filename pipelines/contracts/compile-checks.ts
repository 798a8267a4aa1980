import { columnsOf, type ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { quoteIdent, sqlString } from '../db/sql-literals.ts';
import { identifierChecks } from '../load/identifier-checks.ts';

/** A compiled check: `pass` is a SQL boolean over one row; false (not null) rejects the row. */
export interface CompiledCheck {
  column: string;
  pass: string;
  reason: string;
}

export { quoteIdent, sqlString };
const sqlList = (values: string[]) => values.map(sqlString).join(', ');

const describeCodes = (codes: string[]) =>
  codes.length <= 12 ? codes.join(', ') : `${codes.slice(0, 12).join(', ')}, … (${codes.length} codes)`;

/** The expression that lands a column: codes are trimmed and case-folded, as real extracts mix case. */
export function landingExpression(column: ContractColumn, source = quoteIdent(column.name)): string {
  if (column.normalize === 'upper') return `upper(trim(${source}))`;
  if (column.normalize === 'lower') return `lower(trim(${source}))`;
  return source;
}

/**
 * DuckDB's typed reader and its casts round a decimal into an integer column ('1.5' becomes 2,
 * duckdb#25824) instead of refusing it, so the loaders read integer columns as DOUBLE and land
 * them with `try_cast`; this names the value that was not a whole number (or does not fit the
 * column's type), as a failure struct like failuresExpression's, or null.
 */
export function wholeNumberFailure(column: ContractColumn, source: string): string {
  const failure = (reason: string) =>
    `{'column_name': ${sqlString(column.name)}, 'value': left(${source}::VARCHAR, 200), 'reason': ${sqlString(reason)}}`;
  return `case when ${source} is null then null
    when ${source} <> trunc(${source}) then ${failure('must be a whole number')}
    when try_cast(${source} as ${column.sqlType}) is null then ${failure(`could not be read as ${column.sqlType} (too large)`)} end`;
}

function columnChecks(column: ContractColumn): CompiledCheck[] {
  const c = quoteIdent(column.name);
  const checks: CompiledCheck[] = [];
  const add = (pass: string, reason: string) => checks.push({ column: column.name, pass, reason });
  if (!column.nullable) add(`${c} is not null`, 'is required and was empty');
  if (column.kind === 'list' && column.enum) {
    const sep = sqlString(column.separator ?? ';');
    add(
      `list_bool_and(list_transform(string_split(${c}, ${sep}), lambda x: trim(x) in (${sqlList(column.enum)})))`,
      `each code (separated by "${column.separator ?? ';'}") must be one of: ${describeCodes(column.enum)}`,
    );
    if (column.minItems) {
      add(
        `len(list_filter(string_split(${c}, ${sep}), lambda x: trim(x) <> '')) >= ${column.minItems}`,
        `needs at least ${column.minItems} code`,
      );
    }
  } else if (column.enum) {
    add(`${c} in (${sqlList(column.enum)})`, `must be one of: ${describeCodes(column.enum)}`);
  }
  // A column landed as DATE was parsed by the typed read; its text pattern is documentation.
  if (column.pattern && column.sqlType !== 'DATE') {
    const like = column.example ? ` (like ${column.example})` : '';
    add(`regexp_full_match(${c}, ${sqlString(column.pattern)})`, `is not in the expected form${like}`);
  }
  if (column.minLength !== undefined && column.minLength > 1) {
    add(`length(${c}) >= ${column.minLength}`, `must be at least ${column.minLength} characters`);
  }
  if (column.maxLength !== undefined) {
    add(`length(${c}) <= ${column.maxLength}`, `must be at most ${column.maxLength} characters`);
  }
  const numeric = column.kind === 'integer' || column.kind === 'number';
  if (numeric && column.minimum !== undefined && column.maximum !== undefined) {
    add(
      `${c} between ${column.minimum} and ${column.maximum}`,
      `must be ${column.minimum}–${column.maximum}`,
    );
  } else if (numeric && column.minimum !== undefined) {
    add(`${c} >= ${column.minimum}`, `must be at least ${column.minimum}`);
  } else if (numeric && column.maximum !== undefined) {
    add(`${c} <= ${column.maximum}`, `must be at most ${column.maximum}`);
  }
  if (column.references) {
    const [schema, table, refColumn] = column.references.split('.');
    add(
      `${c} in (select ${quoteIdent(refColumn)} from ${quoteIdent(schema)}.${quoteIdent(table)})`,
      `is not a known code in the reference data (${table.replace(/^ref_/, '')})`,
    );
  }
  return checks;
}

/** Every row-level check of a contract: per column, then the contract's own rules. */
export function compileChecks(contract: ExtractContract): CompiledCheck[] {
  return [
    ...columnsOf(contract).flatMap(columnChecks),
    ...(contract.rules ?? []).map((rule) => ({ column: rule.column, pass: rule.sql, reason: rule.reason })),
  ];
}

/**
 * One SQL expression that yields, for a row, the list of its failures as structs
 * {column_name, value, reason}: the whole batch is checked in a single pass. Person-level extracts
 * are also checked for direct identifiers, recorded without their value.
 */
export function failuresExpression(contract: ExtractContract): string {
  const cases = compileChecks(contract).map(
    (check) =>
      `case when not coalesce(${check.pass}, true) then {'column_name': ${sqlString(check.column)}, 'value': left(${quoteIdent(check.column)}::VARCHAR, 200), 'reason': ${sqlString(check.reason)}} end`,
  );
  if (contract.personLevel) {
    for (const check of identifierChecks(columnsOf(contract))) {
      cases.push(
        `case when ${check.fails} then {'column_name': ${sqlString(check.column)}, 'value': null::VARCHAR, 'reason': ${sqlString(check.reason)}} end`,
      );
    }
  }
  return `list_filter([${cases.join(',\n    ')}], lambda f: f is not null)`;
}
