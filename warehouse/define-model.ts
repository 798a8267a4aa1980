import type { z } from 'zod';

/**
 * A warehouse model's contract, kept beside its SQL (`warehouse/marts/x.sql` + `x.ts`, dbt style):
 * what it is, the shape of its rows, and data tests that abort the build when they fail.
 */
export interface ModelDefinition {
  description: string;
  /** Row schema: documents the columns and types the dashboard relies on. */
  columns?: z.ZodObject;
  tests?: DataTest[];
}

export type DataTest =
  | { type: 'unique'; columns: string[] }
  | { type: 'not_null'; columns: string[] }
  | { type: 'accepted_values'; column: string; values: (string | number | boolean)[] }
  /** Every non-null value of `column` exists in `to` (`schema.table.column`). */
  | { type: 'relationships'; column: string; to: string }
  /** A SQL boolean that must hold for every row. */
  | { type: 'expression'; sql: string; description: string }
  /** A query that must return no rows (its rows are the failures). */
  | { type: 'no_rows'; sql: string; description: string };

export const defineModel = (model: ModelDefinition) => model;
