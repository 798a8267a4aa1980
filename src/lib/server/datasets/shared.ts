import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Column, Context, Row } from '../dataset.ts';
import { disclosureSettings } from '../release/settings.ts';
import type { Marts } from '../schema.ts';

/**
 * What the datasets share: cell helpers, parameter lists, the groups people are counted by, and
 * the query most of them run (counts summed per PCN for the area and period).
 */
export const num = (v: unknown) => (typeof v === 'number' ? v : null);
export const share = (a: unknown, b: unknown) => {
  const x = num(a);
  const y = num(b);
  return x === null || y === null || y === 0 ? null : x / y;
};
export const AREA_PERIOD = ['area', 'from', 'to', 'format'] as const;
/** The API's paging parameters, for tables with a row per PCN (src/lib/paging.ts). */
export const PAGED = ['page', 'per_page'] as const;

/**
 * The keys of a dataset's columns, typed, to select them from the mart as they are: a dataset
 * whose columns are mart columns states each once, in its `columns` (declared `as const`), and
 * Kysely checks each key is a column of the mart (its type derived from the mart's contract).
 */
export const columnKeys = <const C extends readonly Column[]>(columns: C): C[number]['key'][] =>
  columns.map((c) => c.key);

export { GROUPS, type GroupColumn } from '../../groups.ts';

export const groupBy = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    // push in place: copying the list for each element made this quadratic in a group's size
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
};

/**
 * The cell column of a `cells: true` query, as select items: each row's cell is an area × month
 * (`ICB:QHM|2025-03`): the finest area the user may see its PCN in (`finestLevelIn`) —
 * `PCN:<code>` in ICBs the user sees down to PCN, `ICB:<code>` elsewhere, England (`E`) for the
 * public — in the row's month. The release path protects each cell before summing
 * (`sumProtectedCells`), so any period's figure is a sum of protected months and two overlapping
 * periods (Apr–Mar less Apr–Feb) differ by a protected month, never by 1–7 (issue 11).
 * Administrators, who may read the warehouse itself, get no cell: one per area, protected once.
 * In the unprotected control run (SPO_DISCLOSURE_UNPROTECTED) cells are areas only, as before.
 * Computed in DuckDB from marts.areas, so at most one row per cell, not one per PCN, leaves the
 * database. `table` is the mart (its rows' `pcn_code` and `month`).
 */
export function cellSelect(ctx: Context, table: string) {
  if (ctx.scope.admin) return [];
  const byMonth = !disclosureSettings().unprotected;
  const month = sql`strftime(${sql.ref(`${table}.month`)}, '%Y-%m')`;
  if (ctx.scope.role === 'public') return byMonth ? [sql<string>`'E|' || ${month}`.as('cell')] : [];
  const detail = ctx.scope.detail === '*' ? [] : [...ctx.scope.detail];
  const own = detail.length ? sql`a.icb_code in (${sql.join(detail.map((d) => sql`${d}`))})` : sql`false`;
  const area = sql<string>`(select arg_max(case when ${own} then 'PCN:' || a.pcn_code else 'ICB:' || a.icb_code end, a.is_current)
      from marts.areas as a where a.pcn_code = ${sql.ref(`${table}.pcn_code`)})`;
  return [(byMonth ? sql<string>`${area} || '|' || ${month}` : area).as('cell')];
}

/** The GROUP BY items that go with `cellSelect`. */
export const cellGroup = (ctx: Context) =>
  ctx.scope.admin || (ctx.scope.role === 'public' && disclosureSettings().unprotected) ? [] : [sql`cell`];

/** The marts with a row per month and PCN. */
export type MonthlyMart = {
  [K in keyof Marts]: Marts[K] extends { month: string; pcn_code: string } ? K : never;
}[keyof Marts];
type MartColumn<T extends MonthlyMart> = keyof Marts[T] & string;

/**
 * The marts as a query sees them when the mart is a parameter: any table, any column (the helpers'
 * parameters are typed; their queries are built untyped, as the columns vary with the mart).
 */
type AnyMart = Kysely<Record<string, Record<string, string | number>>>;
const untyped = (ctx: Context) => ctx.db as unknown as AnyMart;

/** Rows of a monthly mart in the area (ctx.pcns(), which carries the user's scope) and period. */
export function inAreaAndPeriod<T extends MonthlyMart>(ctx: Context, mart: T) {
  return untyped(ctx)
    .selectFrom(mart as string)
    .where('pcn_code', 'in', ctx.pcns())
    .where('month', '>=', ctx.from)
    .where('month', '<=', ctx.to) as unknown as SelectQueryBuilder<Marts, T, object>;
}

/**
 * The common query of `cells: true` datasets: from a monthly mart, for the area and period, the
 * `sums` (as → column) summed per cell (`cellSelect`) and per `by` column (as → column), ordered by `orderBy`;
 * `instrument`: only the instrument asked for, if one was.
 */
export function sumPerCell<T extends MonthlyMart>(
  ctx: Context,
  mart: T,
  by: Record<string, MartColumn<T>>,
  sums: Record<string, MartColumn<T>>,
  options: { instrument?: boolean; orderBy?: string[] } = {},
): Promise<Row[]> {
  let q = untyped(ctx)
    .selectFrom(mart as string)
    .select((eb) => [
      ...Object.entries(by).map(([as, column]) => (as === column ? column : eb.ref(column).as(as))),
      ...cellSelect(ctx, mart.replace(/^marts\./, '')),
      ...Object.entries(sums).map(([as, column]) => eb.fn.sum<number>(column).as(as)),
    ])
    .where('pcn_code', 'in', ctx.pcns())
    .where('month', '>=', ctx.from)
    .where('month', '<=', ctx.to);
  if (options.instrument && ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
  const groups = [...Object.values(by).map((c) => sql.ref(c)), ...cellGroup(ctx)];
  if (groups.length) q = q.groupBy(groups);
  for (const column of options.orderBy ?? []) q = q.orderBy(column);
  return q.execute() as Promise<Row[]>;
}
