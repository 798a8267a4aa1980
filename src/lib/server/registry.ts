import type { Kysely } from 'kysely';
import { protect, disclosureSettings } from './disclosure.ts';
import { ParamError, formatArea, type Area, type Filters, type Level } from './filters.ts';
import type { Marts } from './schema.ts';
import { AREA_LEVELS, finestLevelIn, type Scope } from './auth/scope.ts';
import { cached, snapshots, type Snapshot } from './snapshot.ts';

/**
 * The dataset registry: the ONE path by which data leaves the server (pages, downloads, API).
 * A dataset declares its columns with a kind; the registry applies the scope to every query and
 * disclosure control to every row before anything is returned:
 * - `count` (people or events): 1–7 suppressed (null, shown as [c]), others rounded to 5;
 * - `value` (a rate, share or mean): not shown when the count it rests on (`base`) is under 8;
 *   values made by `derive` are computed from the protected counts, never from raw ones;
 * - `staff` (workforce) and `population` (registered patients): published figures, as they are;
 * - `dim`: labels and codes. Columns a dataset does not declare never leave.
 */
export type ColumnKind = 'dim' | 'count' | 'value' | 'staff' | 'population';

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
  /** for `value`: the count column it rests on (hidden when under the minimum) */
  base?: string;
  /** decimal places to show */
  digits?: number;
  /** show as a percentage (value is a share 0–1) */
  percent?: boolean;
}

/**
 * The user asked for a breakdown finer than their role may see (e.g. PCN rows outside their own
 * ICBs): the API answers 403 JSON, a page a 403 message or, for a table a page can do without, a
 * notice in its place.
 */
export class ScopeError extends Error {
  readonly status = 403;
}

/** A breakdown (PCN or child-area rows) the user may not see, of an area they may see. */
export class BreakdownError extends ScopeError {}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export const PARAMETERS = {
  area: 'E, REGION:<ODS>, ICB:<ODS>, SICBL:<ODS> or PCN:<ODS> (default E)',
  from: 'first month, YYYY-MM (default: 12 months to the latest month)',
  to: 'last month, YYYY-MM (default: the latest month)',
  instrument: 'outcome instrument, e.g. SWEMWBS, UCLA3 (default: all)',
  format: 'json (default) or csv',
} as const;
export type ParameterName = keyof typeof PARAMETERS;

export interface AreaInfo extends Area {
  name: string;
  registeredPatients: number;
}

export interface Context {
  db: Kysely<Marts>;
  filters: Filters;
  area: AreaInfo;
  /** first and last month of the period, as ISO dates (first of the month) */
  from: string;
  to: string;
  months: number;
  /**
   * The next level down from the area (PCN stays PCN) and its code / name columns in marts.areas,
   * capped at the finest level the user may see there; null when they may see no breakdown of the
   * area at all (the public, or a viewer asking for an ICB's PCNs).
   */
  child: Child | null;
  /**
   * PCN codes in the area: figures for the area as a whole (aggregates at the area's own level,
   * which the user may see, or the handle and `resolveArea` would have refused the area).
   */
  pcns: () => ReturnType<typeof pcnQuery>;
  /** PCN codes in the area whose ICB the user may see down to PCN: the only rows a PCN breakdown may show */
  detailPcns: () => ReturnType<typeof pcnQuery>;
  /** the finest level the user may see inside an ICB (`finestLevelIn(scope, icb)`) */
  finest: (icb: string | null) => Level;
  scope: Scope;
  snapshot: Snapshot;
}

export interface Child {
  level: Level;
  code: 'region_code' | 'icb_code' | 'sub_icb_code' | 'pcn_code';
  name: 'region_name' | 'icb_name' | 'sub_icb_name' | 'pcn_name';
}

export interface Dataset {
  id: string;
  title: string;
  description: string;
  parameters: ParameterName[];
  /** the indicator (see /indicators) the dataset reports */
  indicator: string;
  /** the marts it reads */
  source: string;
  columns: Column[];
  query(ctx: Context): Promise<Row[]>;
  /** values computed from the protected counts of a row */
  derive?(row: Row, ctx: Context, rows: Row[]): Row;
  /** a total row built from the protected cells */
  total?: boolean;
  /**
   * What the rows are, for the registry's level cap: 'pcn' (one row per PCN: only PCNs in ICBs the
   * user may see down to PCN, refused when there are none), 'child' (one row per child area:
   * refused when the user may see no breakdown of the area). Absent: rows are aggregates of the
   * whole area (or reference data), which the user may see.
   */
  breakdown?: 'pcn' | 'child';
  /**
   * Differencing protection (issue 5): the query returns its rows per cell as well (a `cell`
   * field from cellSelect in datasets/shared.ts: the finest area the user may see a PCN in, the
   * PCN itself or its ICB; one cell, the area, for the public), and the registry protects each
   * count in its cell before summing the cells into the rows asked for. Every figure is then a sum of protected cells, so the difference of
   * two overlapping requests is too, and never a count of 1–7. Not for administrators, who may
   * read the warehouse itself: their rows are summed first and protected once.
   */
  cells?: true;
  /** after summing cells: order the rows by this count, largest first */
  sortBy?: string;
}

export interface Table {
  id: string;
  title: string;
  indicator: string;
  source: string;
  columns: Column[];
  rows: Row[];
  /** cells suppressed or not shown, for the footnote */
  suppressed: number;
  /**
   * For datasets summed from protected cells: the level of the cells and how many cells of 1–7
   * were left out of the sums (said under the table, as the figures are a little low by them).
   */
  cells: { level: string; leftOut: number } | null;
  /**
   * A message for the reader when the table shows nothing: every count suppressed (the filter is
   * too narrow to show), or a breakdown the user's role may not see (pages only; the API answers 403).
   */
  notice: string | null;
  query: string;
  area: AreaInfo;
  from: string;
  to: string;
  dataAsOf: string | null;
  publishedAt: string;
}

const LEVEL_COLUMN = {
  REGION: 'region_code',
  ICB: 'icb_code',
  SICBL: 'sub_icb_code',
  PCN: 'pcn_code',
} as const;

const CHILD: Record<Level, Child> = {
  E: { level: 'REGION', code: 'region_code', name: 'region_name' },
  REGION: { level: 'ICB', code: 'icb_code', name: 'icb_name' },
  ICB: { level: 'SICBL', code: 'sub_icb_code', name: 'sub_icb_name' },
  SICBL: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
  PCN: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
};

const rank = (level: Level) => AREA_LEVELS.indexOf(level);

/**
 * PCNs in the area. `detailOnly`: only those in ICBs the scope may see down to PCN. A scope with
 * no role (not signed in, public mode off) reads nothing.
 */
function pcnQuery(db: Kysely<Marts>, area: Area, scope: Scope, detailOnly = false) {
  let q = db.selectFrom('marts.areas').select('pcn_code');
  if (area.level !== 'E') q = q.where(LEVEL_COLUMN[area.level], '=', area.code);
  if (scope.role === 'none') q = q.where('pcn_code', 'in', ['']);
  else if (detailOnly && scope.detail !== '*')
    q = q.where('icb_code', 'in', scope.detail.length ? [...scope.detail] : ['']);
  return q;
}

/** The ICB an area lies in (null for England and regions, or a code not in marts.areas). */
function icbOfArea(areas: Awaited<ReturnType<typeof allAreas>>, area: Area): string | null {
  if (area.level === 'E' || area.level === 'REGION') return null;
  if (area.level === 'ICB') return area.code;
  const col = LEVEL_COLUMN[area.level];
  return areas.find((a) => a[col] === area.code)?.icb_code ?? null;
}

/** Whether the scope may see figures for the area as a whole (the handle checks this too). */
function mayOpen(scope: Scope, area: Area, icb: string | null): boolean {
  if (scope.role === 'none') return false;
  return rank(area.level) <= rank(finestLevelIn(scope, icb));
}

/**
 * The child level a breakdown of the area may show: the next level down, or null when the user
 * may not see it anywhere in the area. England's children are regions (a viewer's and ICB user's
 * finest level everywhere is ICB); an ICB's are sub-ICB locations only where the user has PCN
 * detail; the public (England only) sees no breakdown.
 */
function childFor(scope: Scope, area: Area, icb: string | null): Child | null {
  const child = CHILD[area.level];
  if (area.level === 'PCN') return mayOpen(scope, area, icb) ? child : null;
  return rank(child.level) <= rank(finestLevelIn(scope, icb)) ? child : null;
}

async function resolveArea(snapshot: Snapshot, area: Area, scope: Scope): Promise<AreaInfo> {
  const areas = await allAreas(snapshot);
  if (scope.role === 'none') throw new ScopeError('Sign in to see figures.');
  if (area.level === 'E') {
    // England's figures are England's, whoever asks: national aggregates are open to every role
    return {
      ...area,
      name: 'England',
      registeredPatients: sum(areas.map((a) => a.registered_patients ?? 0)),
    };
  }
  const col = LEVEL_COLUMN[area.level];
  const rows = areas.filter((a) => a[col] === area.code);
  if (!rows.length) throw new ParamError('area', formatArea(area), `no ${area.level} with code ${area.code}`);
  if (!mayOpen(scope, area, icbOfArea(areas, area))) {
    throw new ScopeError(
      scope.role === 'public'
        ? 'Only figures for England are public: sign in to see regions, ICBs and PCNs.'
        : 'That area is outside what your account may see.',
    );
  }
  const nameCol = { REGION: 'region_name', ICB: 'icb_name', SICBL: 'sub_icb_name', PCN: 'pcn_name' } as const;
  return {
    ...area,
    name: rows[0][nameCol[area.level]] ?? area.code,
    registeredPatients: sum(rows.map((a) => a.registered_patients ?? 0)),
  };
}

export const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function allAreas(snapshot: Snapshot) {
  return cached(snapshot, 'areas', () =>
    snapshot.db.selectFrom('marts.areas').selectAll().orderBy('pcn_code').execute(),
  );
}

/** The months with referrals, to default the period to the latest 12. */
function monthRange(snapshot: Snapshot) {
  return cached(snapshot, 'months', async () => {
    const r = await snapshot.db
      .selectFrom('marts.referrals_monthly')
      .select((eb) => [eb.fn.min('month').as('first'), eb.fn.max('month').as('last')])
      .executeTakeFirst();
    return { first: (r?.first as string | null) ?? null, last: (r?.last as string | null) ?? null };
  });
}

const addMonths = (iso: string, n: number) => {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

export const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

export function snapshotInfo(snapshot: Snapshot) {
  return cached(snapshot, 'snapshot', async () => {
    const r = await snapshot.db.selectFrom('marts._snapshot').selectAll().executeTakeFirst();
    return {
      dataAsOf: r?.data_as_of ?? null,
      publishedAt: r?.published_at ?? '',
      name: r?.snapshot_name ?? '',
    };
  });
}

export async function makeContext(snapshot: Snapshot, filters: Filters, scope: Scope): Promise<Context> {
  const area = await resolveArea(snapshot, filters.area, scope);
  const icb = icbOfArea(await allAreas(snapshot), filters.area);
  const range = await monthRange(snapshot);
  const last = range.last ?? new Date().toISOString().slice(0, 7) + '-01';
  const to = filters.to ? `${filters.to}-01` : last;
  const from = filters.from ? `${filters.from}-01` : addMonths(to, -11);
  return {
    db: snapshot.db,
    filters,
    area,
    from,
    to,
    months: monthsBetween(from, to),
    child: childFor(scope, filters.area, icb),
    pcns: () => pcnQuery(snapshot.db, filters.area, scope),
    detailPcns: () => pcnQuery(snapshot.db, filters.area, scope, true),
    finest: (of) => finestLevelIn(scope, of),
    scope,
    snapshot,
  };
}

const registry = new Map<string, Dataset>();

export function register(...datasets: Dataset[]) {
  for (const d of datasets) {
    if (registry.has(d.id)) throw new Error(`dataset ${d.id} registered twice`);
    registry.set(d.id, d);
  }
}

export const datasets = () => [...registry.values()];
export const getDataset = (id: string) => registry.get(id);

/**
 * Sums rows given per cell (a `cell` field: `PCN:<code>` or `ICB:<code>`, computed by the query,
 * see cellSelect in datasets/shared.ts) into the rows asked for, each count built from the
 * protected counts of its cells (`Dataset.cells`): a cell of 1–7 is left out, the others rounded;
 * a count whose every non-zero cell is left out is suppressed (null), never shown as 0. A row without a cell belongs to the one
 * cell of the whole area (administrators and the public). Other non-count fields are the row's key.
 */
export function sumProtectedCells(dataset: Dataset, raw: Row[]): { rows: Row[]; leftOut: number } {
  const s = disclosureSettings();
  const counts = dataset.columns.filter((c) => c.kind === 'count').map((c) => c.key);
  const isCount = new Set(counts);
  const groups = new Map<string, { row: Row; cells: Map<string, Record<string, number>> }>();
  for (const r of raw) {
    const keyFields = Object.entries(r).filter(([k]) => k !== 'cell' && !isCount.has(k));
    const key = JSON.stringify(keyFields);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { row: Object.fromEntries(keyFields), cells: new Map() }));
    const cell = typeof r.cell === 'string' ? r.cell : 'area';
    const sums = g.cells.get(cell) ?? Object.fromEntries(counts.map((k) => [k, 0]));
    for (const k of counts) sums[k] += typeof r[k] === 'number' ? r[k] : Number(r[k] ?? 0);
    g.cells.set(cell, sums);
  }
  let leftOut = 0;
  const rows = [...groups.values()].map(({ row, cells }) => {
    for (const k of counts) {
      let total: number | null = null;
      let hidden = false;
      for (const sums of cells.values()) {
        const shown = protect(sums[k], s);
        if (shown === null) {
          hidden = true;
          leftOut++;
        } else total = (total ?? 0) + shown;
      }
      // every cell shown was 0 but some were left out: the count is not 0, it is not known
      row[k] = hidden && !total ? null : total;
    }
    return row;
  });
  if (dataset.sortBy) {
    const k = dataset.sortBy;
    rows.sort((a, b) => ((b[k] as number | null) ?? -1) - ((a[k] as number | null) ?? -1));
  }
  return { rows, leftOut };
}

/** Applies disclosure control to raw rows: the only place rows are made releasable. */
export function disclose(
  dataset: Dataset,
  raw: Row[],
  ctx: Context | null,
): { rows: Row[]; suppressed: number } {
  const s = disclosureSettings();
  let suppressed = 0;
  const byKey = new Map(dataset.columns.map((c) => [c.key, c]));
  const rows = raw.map((r) => {
    const out: Row = {};
    for (const c of dataset.columns) {
      const v = r[c.key] ?? null;
      if (c.kind === 'count') {
        out[c.key] = typeof v === 'number' ? protect(v, s) : null;
        if (out[c.key] === null) suppressed++;
      } else if (c.kind === 'value') {
        const base = c.base ? r[c.base] : undefined;
        const hidden =
          typeof v !== 'number' ||
          !Number.isFinite(v) ||
          (typeof base === 'number' && base < s.minN) ||
          base === null;
        out[c.key] = hidden ? null : v;
        if (hidden && c.base) suppressed++;
      } else {
        out[c.key] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
      }
    }
    return out;
  });
  if (dataset.total && rows.length > 1) {
    const total: Row = {};
    for (const c of dataset.columns) {
      if (c.kind === 'count' || c.kind === 'staff' || c.kind === 'population') {
        total[c.key] = sum(rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0)));
      } else total[c.key] = c.kind === 'dim' && c === dataset.columns[0] ? 'Total' : null;
    }
    rows.push(total);
  }
  if (dataset.derive) {
    for (let i = 0; i < rows.length; i++) {
      const derived = dataset.derive(rows[i], ctx as Context, rows);
      for (const [k, v] of Object.entries(derived)) {
        const c = byKey.get(k);
        if (!c || (c.kind !== 'value' && c.kind !== 'dim')) continue; // derive may not make counts
        if (c.kind === 'dim') {
          rows[i][k] = v;
          continue;
        }
        const base = c.base ? rows[i][c.base] : undefined;
        const hidden =
          typeof v !== 'number' ||
          !Number.isFinite(v) ||
          base === null ||
          (typeof base === 'number' && base < s.minN);
        rows[i][k] = hidden ? null : v;
        if (hidden && base === null) suppressed++;
      }
    }
  }
  return { rows, suppressed };
}

/**
 * The level cap, in one place for every page, download and API call: a dataset whose rows are
 * PCNs or child areas is refused when the user may see no such rows in the area.
 */
async function capBreakdown(dataset: Dataset, ctx: Context): Promise<void> {
  const area = ctx.area;
  if (dataset.breakdown === 'child' && !ctx.child) {
    throw new BreakdownError(
      ctx.scope.role === 'public'
        ? `${dataset.title}: only figures for England as a whole are public. Sign in to see areas.`
        : `${dataset.title}: your account may see ${area.name} as a whole but not broken down further.`,
    );
  }
  if (dataset.breakdown === 'pcn' && ctx.scope.detail !== '*') {
    const detail = ctx.scope.detail;
    const rows = await allAreas(ctx.snapshot);
    const level = area.level;
    const inArea = level === 'E' ? rows : rows.filter((a) => a[LEVEL_COLUMN[level]] === area.code);
    if (!inArea.some((a) => a.icb_code && detail.includes(a.icb_code)))
      throw new BreakdownError(
        `${dataset.title}: figures for single PCNs are only for accounts that cover the ICB${
          ctx.scope.role === 'icb' ? ' (yours shows them for your own ICBs)' : ''
        }. Choose an ICB or a larger area for totals.`,
      );
  }
}

/**
 * Area codes the scope may not see figures for, at any level (PCNs and sub-ICB locations of other
 * ICBs for an ICB user; every sub-ICB and PCN for a viewer; everything below England for the
 * public). The registry drops any row naming one: a second lock behind `capBreakdown`, so a
 * dataset that forgets to use `ctx.detailPcns()` still cannot publish another ICB's PCNs.
 */
async function hiddenCodes(snapshot: Snapshot, scope: Scope): Promise<Set<string>> {
  if (scope.detail === '*') return new Set();
  return cached(snapshot, `hidden:${scope.role}:${[...scope.detail].join(',')}`, async () => {
    const hidden = new Set<string>();
    const visible = new Set<string>();
    for (const a of await allAreas(snapshot)) {
      const finest = rank(finestLevelIn(scope, a.icb_code));
      const levels = [
        ['REGION', a.region_code],
        ['ICB', a.icb_code],
        ['SICBL', a.sub_icb_code],
        ['PCN', a.pcn_code],
      ] as const;
      for (const [level, code] of levels) {
        if (!code) continue;
        if (rank(level) > finest) hidden.add(code);
        else visible.add(code);
      }
    }
    for (const code of visible) hidden.delete(code);
    return hidden;
  });
}

/** The cells' level, in words, for the footnote. */
function cellLevel(scope: Scope): string {
  if (scope.role === 'public') return 'England';
  return scope.detail.length ? 'PCN in your ICBs, ICB elsewhere' : 'ICB';
}

/** Dim columns that name an area: `…_code`, `code`, and `area` (written LEVEL:CODE, as targets are). */
const CODE_KEY = /(^|_)code$|^area$/;

/** The reader's notice when every count in a table is suppressed: the filter is too narrow. */
function tooNarrow(dataset: Dataset, rows: Row[]): string | null {
  const counts = dataset.columns.filter((c) => c.kind === 'count');
  if (!counts.length || !rows.length) return null;
  const every = rows.every((r) => counts.every((c) => r[c.key] === null));
  return every
    ? 'Every count in this table is under 8 people for the area and period chosen, so none can be shown. Choose a larger area or a longer period.'
    : null;
}

/** Runs a dataset for the filters within the scope, disclosure-controlled; cached per snapshot. */
export async function runDataset(id: string, filters: Filters, scope: Scope): Promise<Table> {
  const dataset = registry.get(id);
  if (!dataset) throw new ParamError('dataset', id, `no dataset ${id}`);
  return snapshots().use(async (snapshot) => {
    const ctx = await makeContext(snapshot, filters, scope);
    await capBreakdown(dataset, ctx);
    const info = await snapshotInfo(snapshot);
    const hidden = await hiddenCodes(snapshot, scope);
    const codeKeys = dataset.columns
      .filter((c) => c.kind === 'dim' && CODE_KEY.test(c.key))
      .map((c) => c.key);
    const key = JSON.stringify([id, filters, scope.role, scope.detail, disclosureSettings()]);
    const { rows, suppressed, cells } = await cached(snapshot, key, async () => {
      const names = (v: Cell) => typeof v === 'string' && hidden.has(v.includes(':') ? v.split(':')[1] : v);
      let raw = (await dataset.query(ctx)).filter((r) => !codeKeys.some((k) => names(r[k])));
      let cells: Table['cells'] = null;
      if (dataset.cells) {
        // administrators (who may read the warehouse itself) and the public get one cell, the
        // area, protected once; every other role's totals are sums of protected cells
        const summed = sumProtectedCells(dataset, raw);
        raw = summed.rows;
        if (!scope.admin) cells = { level: cellLevel(scope), leftOut: summed.leftOut };
      }
      return { ...disclose(dataset, raw, ctx), cells };
    });
    return {
      id,
      title: dataset.title,
      indicator: dataset.indicator,
      source: dataset.source,
      columns: dataset.columns,
      rows,
      suppressed,
      cells,
      notice: tooNarrow(dataset, rows),
      query: queryString(dataset, filters),
      area: ctx.area,
      from: ctx.from.slice(0, 7),
      to: ctx.to.slice(0, 7),
      dataAsOf: info.dataAsOf,
      publishedAt: info.publishedAt,
    };
  });
}

/** A table a page shows in place of a breakdown the user may not see: no rows, the reason as notice. */
export async function withheldTable(
  id: string,
  filters: Filters,
  scope: Scope,
  notice: string,
): Promise<Table> {
  const dataset = registry.get(id);
  if (!dataset) throw new ParamError('dataset', id, `no dataset ${id}`);
  return snapshots().use(async (snapshot) => {
    const ctx = await makeContext(snapshot, filters, scope);
    const info = await snapshotInfo(snapshot);
    return {
      id,
      title: dataset.title,
      indicator: dataset.indicator,
      source: dataset.source,
      columns: dataset.columns,
      rows: [],
      suppressed: 0,
      cells: null,
      notice,
      query: queryString(dataset, filters),
      area: ctx.area,
      from: ctx.from.slice(0, 7),
      to: ctx.to.slice(0, 7),
      dataAsOf: info.dataAsOf,
      publishedAt: info.publishedAt,
    };
  });
}

function queryString(dataset: Dataset, f: Filters) {
  const p = new URLSearchParams();
  if (f.area.level !== 'E' && dataset.parameters.includes('area')) p.set('area', formatArea(f.area));
  if (f.from && dataset.parameters.includes('from')) p.set('from', f.from);
  if (f.to && dataset.parameters.includes('to')) p.set('to', f.to);
  if (f.instrument && dataset.parameters.includes('instrument')) p.set('instrument', f.instrument);
  return p.toString();
}
