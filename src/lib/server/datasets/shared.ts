import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Context, Row } from '../registry.ts';
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

export { GROUPS, type GroupColumn } from '../../groups.ts';

export const groupBy = <T>(xs: T[], key: (x: T) => string) => {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
};

/**
 * The PCN column a `cells: true` query groups by: per PCN for the registry to protect each cell,
 * except for administrators, whose totals are protected once (registry.ts), so their query sums
 * over the area at once instead of returning a row per PCN.
 */
export const pcnCells = (ctx: Context): 'pcn_code'[] => (ctx.scope.admin ? [] : ['pcn_code']);

/** The marts with a row per month and PCN. */
export type MonthlyMart = {
  [K in keyof Marts]: Marts[K] extends { month: string; pcn_code: string } ? K : never;
}[keyof Marts];
type Column<T extends MonthlyMart> = keyof Marts[T] & string;

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
 * `sums` (as → column) summed per PCN and per `by` column (as → column), ordered by `orderBy`;
 * `instrument`: only the instrument asked for, if one was.
 */
export function sumPerPcn<T extends MonthlyMart>(
  ctx: Context,
  mart: T,
  by: Record<string, Column<T>>,
  sums: Record<string, Column<T>>,
  options: { instrument?: boolean; orderBy?: string[] } = {},
): Promise<Row[]> {
  let q = untyped(ctx)
    .selectFrom(mart as string)
    .select((eb) => [
      ...Object.entries(by).map(([as, column]) => (as === column ? column : eb.ref(column).as(as))),
      ...pcnCells(ctx),
      ...Object.entries(sums).map(([as, column]) => eb.fn.sum<number>(column).as(as)),
    ])
    .where('pcn_code', 'in', ctx.pcns())
    .where('month', '>=', ctx.from)
    .where('month', '<=', ctx.to);
  if (options.instrument && ctx.filters.instrument) q = q.where('instrument', '=', ctx.filters.instrument);
  const groups = [...Object.values(by), ...pcnCells(ctx)];
  if (groups.length) q = q.groupBy(groups);
  for (const column of options.orderBy ?? []) q = q.orderBy(column);
  return q.execute() as Promise<Row[]>;
}
