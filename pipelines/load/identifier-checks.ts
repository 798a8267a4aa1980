import type { ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import { quoteIdent, sqlString } from '../db/sql-literals.ts';

/**
 * SQL that is true when a text value is a direct identifier: a 10-digit NHS number (optionally
 * spaced 3-3-4) that passes the Modulus 11 check, a full UK postcode, or a person's name. Cheap length tests go
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

/**
 * A person's name as GP and case-management systems write one: an optional title, then two or
 * more capitalised words ("Mrs Jane O'Neil", "John Smith-Jones"). Pseudonyms, codes and the code
 * lists of the person-level extracts are lower case or carry digits, so a value in this shape is
 * a name that should not be there. Columns whose code list holds such a value are not checked.
 */
const WORD = `[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*`; // Jane, O'Neil, McDonald, Smith-Jones
const NAME = `(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\\.? )?${WORD}(?: ${WORD})+`;
const NAME_RE = new RegExp(`^${NAME}$`);

export function nameSql(value: string): string {
  // a name has a space: identifiers and pseudonyms, the bulk of the values, stop at that test
  return `(length(${value}) between 5 and 60 and contains(${value}, ' ') and regexp_full_match(trim(${value}), ${sqlString(NAME)}))`;
}

/** A header that would carry people's names ("Surname", "patient_name", "First name"…). */
export const NAME_HEADER =
  /^(patient_|person_|client_|service_user_|full_|first_|last_|given_|family_|fore|sur|middle_)?names?$/;

/** Whether a value has the shape of a name (the rule `nameSql` applies in DuckDB). */
export const looksLikeName = (value: string) => NAME_RE.test(value.trim());

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
        ...(c.enum?.some(looksLikeName)
          ? []
          : [{ column: c.name, fails: nameSql(v), reason: `${IDENTIFIER_REASON} a person’s name` }]),
      ];
    });
}
