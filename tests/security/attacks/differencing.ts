/**
 * Attack 4: subtract overlapping requests. Two figures whose true values cover the same people
 * except for a part (a 12-month period and the same period less its last month; an area and all
 * but one of its parts; a total and all but one of its groups) give that part by subtraction.
 *
 * What counts as exact: a shown count stands for every true value in its range (countRange), so a
 * difference of two shown counts is only known to within the sum of their ranges — a difference
 * of independently rounded or protected figures is not a count of anyone. A difference is exact
 * only when every figure in it is known exactly: a 0 (true 0), a count shown unrounded, or a count
 * recovered by attacks 1–3. A finding is an exact difference of 1..7: a suppressed count recovered.
 * Sums of the same protected cells differ by whole protected cells (0 or ≥ 8), so, like rounded
 * figures, they are never exact and never a finding.
 */
import {
  THRESHOLD,
  exactCount,
  finding,
  rowKey,
  type Finding,
  type Knowledge,
  type Row,
  type View,
} from './views.ts';

const countColumns = (v: View) => v.body.columns.filter((c) => c.kind === 'count').map((c) => c.key);
const small = (d: number) => d >= 1 && d <= THRESHOLD;
const byKey = (v: View) => new Map(v.body.rows.map((r) => [rowKey(v, r), r]));

/** Views by who, dataset, area and period. */
export function index(views: View[]) {
  const m = new Map<string, View>();
  for (const v of views) m.set(JSON.stringify([v.who, v.dataset, v.area, v.period]), v);
  return (who: string, dataset: string, area: string, period: string) =>
    m.get(JSON.stringify([who, dataset, area, period]));
}

/**
 * The whole minus all parts but one, per row and count, when every term is exact. `parts` are
 * rows of the parts (undefined: the part has no such row, i.e. 0).
 */
function leaveOneOut(
  k: Knowledge,
  whole: { view: View; row: Row },
  parts: { view: View; row: Row | undefined; label: string }[],
  column: string,
  out: Finding[],
  what: string,
) {
  const w = exactCount(k, whole.view, whole.row, column);
  if (w === null) return;
  const exact = parts.map((p) => exactCount(k, p.view, p.row, column));
  parts.forEach((p, i) => {
    if (exact.some((e, j) => j !== i && e === null)) return;
    const others = exact.reduce<number>((s, e, j) => (j === i ? s : s + (e as number)), 0);
    const d = w - others;
    if (small(d) && exact[i] !== d)
      out.push(
        finding(
          'differencing',
          whole.view,
          whole.row,
          `${what}: ${column} ${w} − ${others} (all but ${p.label}) = ${d}, shown there ${p.row?.[column] ?? 'no row'}`,
        ),
      );
  });
}

export interface Plan {
  /** [later, earlier] period labels: the same start, the later one a month longer */
  periods: [string, string];
  /** whole area → its parts, per account */
  areas: { who: string; whole: string; parts: string[] }[];
}

/** Groups inside a dataset or across two: a total and the groups that make it up. */
const GROUPS: {
  whole: string;
  parts: string;
  column: string;
  /** the whole's row key for a part row, and the partition a part row is in */
  key: (row: Row) => string;
  partition: (row: Row) => string;
  /** rows of the whole dataset that are the total (default: all rows, summed) */
  isWhole?: (row: Row) => boolean;
}[] = [
  {
    whole: 'outcomes',
    parts: 'outcomes-by-group',
    column: 'n',
    key: (r) => JSON.stringify([r.instrument, r.measure]),
    partition: (r) => String(r.dimension),
  },
  ...['referrals-by-route', 'referrals-by-snomed'].map((id) => ({
    whole: id,
    parts: id,
    column: 'referrals',
    key: () => '',
    partition: () => '',
    isWhole: (r: Row) => r.group === 'Total',
  })),
  {
    whole: 'referral-waits',
    parts: 'referral-waits',
    column: 'referrals',
    key: () => '',
    partition: () => '',
    isWhole: (r) => r.wait === 'Total',
  },
  {
    whole: 'referrals',
    parts: 'equity',
    column: 'referrals',
    key: () => '',
    partition: (r) => String(r.dimension),
  },
];

export function differencingAttack(views: View[], k: Knowledge, plan: Plan): Finding[] {
  const out: Finding[] = [];
  const get = index(views);
  const [later, earlier] = plan.periods;
  // periods: the longer period minus the shorter one is its last month
  for (const a of views) {
    if (a.period !== later) continue;
    const b = get(a.who, a.dataset, a.area, earlier);
    if (!b) continue;
    const rows = byKey(b);
    for (const row of a.body.rows)
      for (const c of countColumns(a)) {
        const x = exactCount(k, a, row, c);
        const y = exactCount(k, b, rows.get(rowKey(a, row)), c);
        if (x === null || y === null || !small(x - y)) continue;
        out.push(
          finding(
            'differencing',
            a,
            row,
            `${later} − ${earlier}: ${c} ${x} − ${y} = ${x - y} for the month between (shown ${row[c]} and ${rows.get(rowKey(a, row))?.[c] ?? 'no row'})`,
          ),
        );
      }
  }
  // areas: a whole area minus all but one of its parts
  for (const { who, whole, parts } of plan.areas) {
    for (const period of plan.periods) {
      for (const w of views.filter((v) => v.who === who && v.area === whole && v.period === period)) {
        const ps = parts.map((p) => get(who, w.dataset, p, period));
        if (ps.some((p) => !p)) continue;
        const partRows = (ps as View[]).map(byKey);
        for (const row of w.body.rows)
          for (const c of countColumns(w))
            leaveOneOut(
              k,
              { view: w, row },
              (ps as View[]).map((p, i) => ({
                view: p,
                row: partRows[i].get(rowKey(w, row)),
                label: p.area,
              })),
              c,
              out,
              `${whole} − its parts`,
            );
      }
    }
  }
  // groups: a total minus all but one of its groups
  for (const g of GROUPS) {
    for (const w of views.filter((v) => v.dataset === g.whole)) {
      const p = get(w.who, g.parts, w.area, w.period);
      if (!p) continue;
      const wholeRows = w.body.rows.filter((r) => (g.isWhole ? g.isWhole(r) : true));
      const partRows = p.body.rows.filter((r) => !(g.isWhole?.(r) ?? false));
      // the whole of a key: one total row, or the sum of the whole dataset's rows (all exact)
      const wholeOf = new Map<string, number | null>();
      for (const r of wholeRows) {
        const key = g.isWhole ? '' : g.key(r);
        const e = exactCount(k, w, r, g.column);
        const prev = wholeOf.has(key) ? wholeOf.get(key)! : 0;
        wholeOf.set(key, prev === null || e === null ? null : prev + e);
      }
      const partitions = new Map<string, Row[]>();
      for (const r of partRows) {
        const id = JSON.stringify([g.key(r), g.partition(r)]);
        partitions.set(id, [...(partitions.get(id) ?? []), r]);
      }
      for (const [id, rows] of partitions) {
        const [key, partition] = JSON.parse(id) as [string, string];
        const total = wholeOf.get(key);
        if (total === null || total === undefined) continue;
        const exact = rows.map((r) => exactCount(k, p, r, g.column));
        rows.forEach((r, i) => {
          if (exact.some((e, j) => j !== i && e === null)) return;
          const d = total - exact.reduce<number>((s, e, j) => (j === i ? s : s + (e as number)), 0);
          if (small(d) && exact[i] !== d)
            out.push(
              finding(
                'differencing',
                p,
                r,
                `${g.whole} total ${total} − the other ${partition || 'groups'} of ${g.parts} = ${d}, shown ${r[g.column]}`,
              ),
            );
        });
      }
    }
  }
  return out;
}
