import { z } from 'zod';

/**
 * A warehouse model's contract, kept beside its SQL (`warehouse/marts/x.sql` + `x.ts`, dbt style):
 * what it is, the shape of its rows, and data tests that abort the build when they fail.
 */
export interface ModelDefinition<Columns extends z.ZodObject = z.ZodObject> {
  description: string;
  /**
   * Row schema: the columns and types the dashboard relies on. The dashboard's table types are
   * derived from it (`Marts`, src/lib/server/schema.ts), and the build checks it against what
   * DuckDB built (pipelines/model/check-columns.ts): same names, compatible types, no null in a
   * column that is not `.nullable()`.
   */
  columns?: Columns;
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

/**
 * Generic so that the model's own type survives: `typeof model.columns` is the exact
 * `z.object({...})`, not any object, and the mart row types are `z.output` of it.
 */
export const defineModel = <Model extends ModelDefinition>(model: Model): Model => model;

/**
 * A DuckDB TIMESTAMP as the dashboard receives it: the DuckDB dialect returns it as text
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` (a space, not ISO's `T`, so not `z.iso.datetime()`). Marked so
 * the build's column check knows the DuckDB type it stands for.
 */
export const timestamp = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/)
    .meta({ duckdbType: 'TIMESTAMP' });
