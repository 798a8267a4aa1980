import { z } from 'zod';

/**
 * An extract contract: the single source of truth for one kind of file — its columns, their
 * types, ranges and code lists (a zod object schema), plus the rules that span columns or
 * tables. `compile-checks.ts` turns it into SQL that DuckDB runs over a whole batch.
 */
export interface ExtractContract {
  /** Stable id, also the name of the landing table `raw.<id>`. */
  id: string;
  title: string;
  description: string;
  /** The row schema. Column order is the documented order; files may order them differently. */
  schema: z.ZodObject;
  /** Columns that identify one row within the extract: a repeat within a delivery is rejected (none: no check). */
  key: string[];
  /** SQL date expression whose calendar months define a delivery's period (to replace a correction). */
  periodSql?: string;
  /** Fixed period for reference data: a newer delivery replaces the older one whatever its dates. */
  fixedPeriod?: string;
  /** Person-level extracts are scanned for direct identifiers (NHS numbers, postcodes). */
  personLevel: boolean;
  /** Cross-column and cross-table rules, as SQL boolean expressions over the batch's columns. */
  rules?: ContractRule[];
  /** Columns a published file carries that we deliberately do not land (e.g. a practice postcode). */
  ignoredColumns?: string[];
  /** How the file is laid out when it is not plain UTF-8 CSV with a header row. */
  format?: {
    encoding?: 'utf-8' | 'windows-1252';
    delimiter?: string;
    header?: boolean;
    dateFormat?: string;
    /** Values that mean "no value" besides an empty field (publishers write NA or NULL). */
    nullStrings?: string[];
  };
  /** When a file has no header row, the file name tells its extract. */
  fileNamePattern?: RegExp;
  /** Where the contract's terms come from (PRSB standard, NHS Digital publication, ...). */
  source: string;
}

/** A rule whose `sql` must be true (or null) for a row to be loaded. */
export interface ContractRule {
  /** Column the failure is reported against. */
  column: string;
  sql: string;
  /** What to tell the person: the offending value is appended. */
  reason: string;
}

/** Metadata that zod carries into JSON Schema and on to the SQL compiler. */
export interface ColumnMeta {
  description: string;
  /** The PRSB Social Prescribing Information Standard term, where it has one. */
  prsb?: string;
  /** Codes are compared after upper- or lower-casing: real extracts mix case. */
  normalize?: 'upper' | 'lower';
  /** A list column: codes separated by this character. */
  separator?: string;
  /** `table.column` in the warehouse that a value must exist in. */
  references?: string;
  /** The SQL type to land the column as, where the JSON Schema type is not enough. */
  sqlType?: string;
  example?: string;
  /** The header as the publisher spells it, where it is not the column name (matched case-insensitively). */
  header?: string;
}

export function column<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  return schema.meta({ ...meta }) as T;
}

export function defineContract(contract: ExtractContract): ExtractContract {
  const names = Object.keys(contract.schema.shape);
  for (const k of contract.key) {
    if (!names.includes(k)) throw new Error(`contract ${contract.id}: key column ${k} is not a column`);
  }
  if (!contract.periodSql === !contract.fixedPeriod) {
    throw new Error(`contract ${contract.id}: give exactly one of periodSql and fixedPeriod`);
  }
  return contract;
}
