import type { ContractColumn } from '../contracts/columns-of.ts';
import { quoteIdent } from '../db/sql-literals.ts';

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

/** The reason recorded for a direct identifier; the file is then refused whole. */
export const IDENTIFIER_REASON = 'direct identifier:';

/**
 * Checks (in the compiled form of compile-checks.ts) that a text column holds no direct identifier.
 * They record no value: an identifier must never be stored, not even as a rejected value.
 */
export function identifierChecks(
  columns: ContractColumn[],
): { column: string; fails: string; reason: string }[] {
  return columns
    .filter((c) => c.sqlType === 'VARCHAR')
    .flatMap((c) => {
      const v = quoteIdent(c.name);
      return [
        { column: c.name, fails: nhsNumberSql(v), reason: `${IDENTIFIER_REASON} an NHS number` },
        { column: c.name, fails: postcodeSql(v), reason: `${IDENTIFIER_REASON} a full postcode` },
      ];
    });
}
