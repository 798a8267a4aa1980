/**
 * What the attacks read: API responses ("views") as an analyst collects them, and what an analyst
 * can say about the true number behind each figure. Pure functions, no I/O (collect.ts fetches).
 */

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface Body {
  dataset: string;
  area: { level: string; code: string; name: string };
  from: string;
  to: string;
  columns: { key: string; label: string; kind: string }[];
  rows: Row[];
  /** present when counts are sums of protected cells */
  cells?: { level: string; left_out: number };
}

export interface View {
  /** the account that asked: 'admin', 'viewer' or 'icb' */
  who: string;
  dataset: string;
  /** the `area` parameter, e.g. E, REGION:Y56, ICB:QHM, PCN:U12345 */
  area: string;
  /** a label for the period asked for, e.g. 'default', '12 months', '11 months', 'last month' */
  period: string;
  body: Body;
  /**
   * How many protected cells a count of this view may be the sum of (1 when the body has no
   * `cells`): the cells are the areas at the level the API names, inside the area asked for.
   */
  cellsInArea: number;
}

export type AttackKind = 'shares' | 'means' | 'ratios' | 'differencing' | 'attribute';
export const ATTACK_KINDS: AttackKind[] = ['shares', 'means', 'ratios', 'differencing', 'attribute'];

export interface Finding {
  attack: AttackKind;
  dataset: string;
  who: string;
  area: string;
  period: string;
  /** the row's key (its dimension values) */
  row: string;
  /** what was recovered and from which values */
  detail: string;
}

export const describeFinding = (f: Finding) =>
  `${f.attack} · ${f.dataset} · ${f.who} · ${f.area} · ${f.period} · ${f.row}: ${f.detail}`;

/** Counts 1..THRESHOLD are suppressed: what the API's `disclosure` text promises. */
export const THRESHOLD = 7;

/** The smallest and largest true value an analyst can be sure of. */
export type Range = [number, number];

/**
 * The true counts consistent with a shown count, for an analyst who knows the rules the API states:
 * suppressed (null) is 1..7 in each cell; 0 is 0; a shown n was rounded to the nearest `rounding`
 * (true value within ±⌊rounding/2⌋) in each cell. A count summed from protected cells (`cells` in
 * the body) may hide up to C − 1 left-out cells of 1..7 and carries each shown cell's rounding, so
 * its range is [n − 2C, n + 2C + 7(C − 1)] for rounding to 5.
 */
export function countRange(value: Cell | undefined, view: View, rounding: number): Range {
  const c = view.body.cells ? Math.max(1, view.cellsInArea) : 1;
  if (value === null || value === undefined) return [1, THRESHOLD * c];
  if (typeof value !== 'number') return [0, Infinity];
  if (value === 0) return [0, 0];
  const half = Math.floor(rounding / 2);
  return [Math.max(0, value - half * c), value + half * c + THRESHOLD * (c - 1)];
}

export const sumRanges = (rs: Range[]): Range => [
  rs.reduce((s, r) => s + r[0], 0),
  rs.reduce((s, r) => s + r[1], 0),
];

/** Decimal places in a number as JSON writes it (1e-7 has 7). */
export function decimals(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return 0;
  const [mantissa, exponent] = String(x).split('e');
  const places = mantissa.split('.')[1]?.length ?? 0;
  return exponent ? Math.max(0, places - Number(exponent)) : places;
}

/** At or beyond this many decimals a value is taken as unrounded (a double's full precision). */
export const FULL_PRECISION = 10;

/**
 * Half the width of the values a shown value stands for: ±0.5 in its last place when the column is
 * rounded to `digits` places, a relative 1e-9 for an unrounded double.
 */
export function tolerance(x: number, digits: number): number {
  return digits >= FULL_PRECISION ? 1e-9 * Math.max(1, Math.abs(x)) : 0.5 * 10 ** -digits + 1e-12;
}

/**
 * The precision of each value column, as the analyst infers it: the most decimals any value of
 * that dataset's column shows in any response (a column rounded to 3 places shows 0.25 as well as
 * 0.333, so the maximum is its precision).
 */
export function columnDigits(views: View[]): (dataset: string, key: string) => number {
  const most = new Map<string, number>();
  for (const v of views)
    for (const r of v.body.rows)
      for (const [k, x] of Object.entries(r)) {
        if (typeof x !== 'number') continue;
        const id = `${v.dataset}\u0000${k}`;
        most.set(id, Math.max(most.get(id) ?? 0, decimals(x)));
      }
  return (dataset, key) => most.get(`${dataset}\u0000${key}`) ?? 0;
}

/**
 * The rounding base the analyst infers: 5 when every shown count in every response is a multiple
 * of 5, else 1 (counts unrounded).
 */
export function inferRounding(views: View[]): number {
  for (const v of views) {
    const counts = v.body.columns.filter((c) => c.kind === 'count').map((c) => c.key);
    for (const r of v.body.rows)
      for (const k of counts) if (typeof r[k] === 'number' && (r[k] as number) % 5 !== 0) return 1;
  }
  return 5;
}

/** Dimensions that are derived from the figures (they change with the period), not row keys. */
const DERIVED_DIMS: Record<string, string[]> = {
  compare: ['significance', 'name', 'level'],
  inequality: ['deciles'],
  // the last month of the period: the same PCN's row in two periods has a different month
  'capacity-by-pcn': ['month', 'pcn_name'],
};

/** A row's key: its dimension values (which stay the same across periods and areas). */
export function rowKey(view: View, row: Row): string {
  const skip = DERIVED_DIMS[view.dataset] ?? [];
  return JSON.stringify(
    view.body.columns.filter((c) => c.kind === 'dim' && !skip.includes(c.key)).map((c) => row[c.key]),
  );
}

/** Everything an attack needs besides the views: column precision, rounding and recovered counts. */
export interface Knowledge {
  digits: (dataset: string, key: string) => number;
  rounding: number;
  /** exact counts recovered by the reconstruction attacks, by view, row and column */
  recovered: Map<string, number>;
}

export const recoveredKey = (view: View, row: Row, column: string) =>
  JSON.stringify([view.who, view.dataset, view.area, view.period, rowKey(view, row), column]);

export function knowledgeOf(views: View[]): Knowledge {
  return { digits: columnDigits(views), rounding: inferRounding(views), recovered: new Map() };
}

/**
 * The exact true count behind a figure, when the analyst knows it: recovered by an attack, or a
 * shown count whose range is a single value (0, or any count when nothing is rounded).
 */
export function exactCount(k: Knowledge, view: View, row: Row | undefined, column: string): number | null {
  if (!row) return 0; // a row the response leaves out has no one in it
  const r = k.recovered.get(recoveredKey(view, row, column));
  if (r !== undefined) return r;
  const [lo, hi] = countRange(row[column], view, k.rounding);
  return lo === hi ? lo : null;
}

export function finding(attack: AttackKind, view: View, row: Row | null, detail: string): Finding {
  return {
    attack,
    dataset: view.dataset,
    who: view.who,
    area: view.area,
    period: `${view.period} (${view.body.from}–${view.body.to})`,
    row: row ? rowKey(view, row) : '',
    detail,
  };
}
