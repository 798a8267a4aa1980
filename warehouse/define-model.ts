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
  /**
   * How the build keeps the model (pipelines/model/build.ts, docs/models.md "Materialisations"):
   * `table` (the default) is rebuilt whole when an input changed; `view` stores only the SQL (for
   * seeds and projections read once, where a copy buys nothing); `incremental` deletes and
   * re-inserts only the rows of the keys a delivery touched (`incremental` says how).
   */
  materialized?: 'view' | 'table' | 'incremental';
  incremental?: IncrementalSpec | MonthlySpec;
}

/**
 * How an incremental model is brought up to date by key. Sound only if the model's rows for a
 * referral depend on nothing but its keyed inputs' rows for that referral (and inputs that did not
 * change): the build filters each keyed input to the affected referral_ids, deletes those keys'
 * rows and inserts what the filtered SQL returns. Any other change rebuilds the model whole.
 */
export interface IncrementalSpec {
  /** the column rows are deleted and re-inserted by (every keyed input has it too) */
  key: 'referral_id';
  /** the inputs (`raw.x`, `staging.y`, …) filtered to the affected keys */
  keyedInputs: string[];
  /**
   * For a model over a landed extract whose rows are re-sent (latest wins), the column naming a
   * row across deliveries when it is not the key: a re-sent offer or assessment could name
   * another referral, and the referral it left is affected too.
   */
  rowKey?: string;
  /**
   * Inputs that are not keyed but whose change the model absorbs without a rebuild, by running
   * `sql` after the keyed rows (`{{this}}` is the model's table): e.g. the data date, which moves
   * every month and decides `is_window_closed` for every row. `changedKeys` selects the
   * referral_id of every row `sql` will change (run first): the marts by month reading the model
   * rebuild those referrals' months.
   */
  refresh?: { inputs: string[]; sql: string; changedKeys: string };
}

/**
 * How a mart grouped by month is brought up to date by month (docs/models.md "Materialisations").
 * The affected months are those of the affected referrals' rows in `months` (each relation's rows
 * for those referral_ids, as they were before the build and as they are after it); the build
 * deletes the mart's rows of those months and inserts the model's SQL restricted to them (a filter
 * on `column` that DuckDB pushes down to the scan). Sound only if the mart's rows for a month
 * depend on nothing but the input rows of that month: no running totals, windows or data date.
 */
export interface MonthlySpec {
  key: 'month';
  /** the mart's month column (DATE, first of the month) rows are deleted and re-inserted by */
  column: string;
  /** the inputs, brought up to date by referral_id, whose change the mart follows by month */
  keyedInputs: string[];
  /**
   * Where each row's month comes from: a relation keyed by referral_id (one of `keyedInputs` or
   * one upstream of them) and its month column, e.g. `{ 'intermediate.int_referrals':
   * 'referral_month' }`.
   */
  months: Record<string, string>;
  /**
   * The column also holds financial-year starts (1 April) whose rows count the year's months: an
   * affected month affects its financial year too.
   */
  financialYears?: boolean;
  /**
   * Only the referrals these extracts landed since the last build (or a correction removed) move
   * the mart's months, not every affected referral: for a mart reading nothing of int_referrals
   * that an offer or an assessment changes (its place, person and referral fields), so a follow-up
   * of an old referral does not rebuild that referral's month. e.g. `['raw.referrals']`.
   */
  keysFrom?: string[];
  /**
   * The mart has a `pcn_code` column holding the PCN of the referral each row counts, and every
   * relation in `months` has that `pcn_code` too: only the affected months' rows of the affected
   * referrals' PCNs (before and after the build) are rebuilt, so a delivery from one ICB rebuilds
   * that ICB's PCNs, not England's.
   */
  byPcn?: boolean;
  /**
   * A predicate on the mart's own rows whose values depend on the data date
   * (`intermediate.int_data_date`), e.g. a wait so far. When the data date moves on, the months
   * (and PCNs) of the rows matching it before the build are rebuilt too; when it moves back, the
   * mart is rebuilt whole. Sound only if no row it leaves out changes with the data date.
   */
  dataDateRows?: string;
}

/**
 * A mart grouped by referral month that reads only a referral's own fields: a delivery rebuilds
 * the months of the referrals it sent or corrected, and a follow-up or an offer of an old referral
 * changes nothing in it. `column` is the mart's month column.
 */
export const byReferralMonth = (
  column = 'month',
  options: { financialYears?: boolean; byPcn?: boolean } = {},
): MonthlySpec => ({
  key: 'month',
  column,
  keyedInputs: ['intermediate.int_referrals'],
  months: { 'intermediate.int_referrals': 'referral_month' },
  keysFrom: ['raw.referrals'],
  byPcn: true,
  ...options,
});

/**
 * A mart grouped by referral month and PCN whose rows follow a referral's whole pathway (its offers,
 * follow-ups, contact and end), so every affected referral moves its month, not only those the
 * referrals extract sent: `keyedInputs` are the keyed models it reads (int_referrals first).
 */
export const byReferralPathway = (
  keyedInputs: string[] = ['intermediate.int_referrals'],
  options: { dataDateRows?: string } = {},
): MonthlySpec => ({
  key: 'month',
  column: 'month',
  keyedInputs,
  months: { 'intermediate.int_referrals': 'referral_month' },
  byPcn: true,
  ...options,
});

/**
 * A mart grouped by a month of `intermediate.int_outcome_pairs` (the baseline month, or the month
 * of the first follow-up without a baseline): a delivery rebuilds the months of the referrals it
 * touched and of those whose follow-up window the moved data date closed (the model's refresh).
 */
export const byOutcomeMonth = (monthOf: 'baseline_month' | 'first_unpaired_follow_up_date'): MonthlySpec => ({
  key: 'month',
  column: 'month',
  keyedInputs: ['intermediate.int_outcome_pairs'],
  months: { 'intermediate.int_outcome_pairs': monthOf },
  byPcn: true,
});

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
