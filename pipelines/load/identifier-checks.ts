import type { ContractColumn } from '../contracts/columns-of.ts';
import { quoteIdent } from '../contracts/compile-checks.ts';

/**
 * SQL that is true when a text value is a direct identifier: a 10-digit NHS number (optionally
 * spaced 3-3-4) that passes the Modulus 11 check, or a full UK postcode. Cheap length tests go
 * first so the regular expressions run on few values.
 */
export function nhsNumberSql(value: string): string {
  const digits = `regexp_replace(${value}, '[ -]', '', 'g')`;
  const weighted = `list_sum(list_transform(range(9), lambda i: (ascii(${digits}[i + 1]) - 48) * (10 - i)))`;
  return `(length(${value}) between 10 and 12 and regexp_full_match(${value}, '[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}')
    and (11 - ${weighted} % 11) % 11 = ascii(${digits}[10]) - 48)`;
}

export function postcodeSql(value: string): string {
  return `(length(${value}) between 5 and 8 and regexp_full_match(upper(trim(${value})), '[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}'))`;
}

/** A list of {column_name, kind} for each identifier found in a row, over the text columns. */
export function identifierFindingsSql(columns: ContractColumn[]): string {
  const text = columns.filter((c) => c.sqlType === 'VARCHAR');
  const cases = text.flatMap((c) => {
    const v = quoteIdent(c.name);
    return [
      `case when ${nhsNumberSql(v)} then {'column_name': '${c.name}', 'kind': 'an NHS number'} end`,
      `case when ${postcodeSql(v)} then {'column_name': '${c.name}', 'kind': 'a full postcode'} end`,
    ];
  });
  return cases.length ? `list_filter([${cases.join(', ')}], lambda f: f is not null)` : '[]';
}
