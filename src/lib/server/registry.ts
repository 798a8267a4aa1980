import type { Kysely } from 'kysely';
import { protect, disclosureSettings } from './disclosure.ts';
import { ParamError, formatArea, type Area, type Filters, type Level } from './filters.ts';
import type { Marts } from './schema.ts';
import type { Scope } from './scope.ts';
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
  /** the next level down from the area (PCN stays PCN) and its code / name columns in marts.areas */
  child: {
    level: Level;
    code: 'region_code' | 'icb_code' | 'sub_icb_code' | 'pcn_code';
    name: 'region_name' | 'icb_name' | 'sub_icb_name' | 'pcn_name';
  };
  /** PCN codes in the area and the user's scope: every query restricts to these */
  pcns: () => ReturnType<typeof pcnQuery>;
  snapshot: Snapshot;
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

const CHILD: Record<Level, Context['child']> = {
  E: { level: 'REGION', code: 'region_code', name: 'region_name' },
  REGION: { level: 'ICB', code: 'icb_code', name: 'icb_name' },
  ICB: { level: 'SICBL', code: 'sub_icb_code', name: 'sub_icb_name' },
  SICBL: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
  PCN: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
};

function pcnQuery(db: Kysely<Marts>, area: Area, scope: Scope) {
  let q = db.selectFrom('marts.areas').select('pcn_code');
  if (area.level !== 'E') q = q.where(LEVEL_COLUMN[area.level], '=', area.code);
  if (scope.icbs) q = q.where('icb_code', 'in', scope.icbs.length ? scope.icbs : ['']);
  return q;
}

async function resolveArea(snapshot: Snapshot, area: Area, scope: Scope): Promise<AreaInfo> {
  const areas = await allAreas(snapshot);
  if (area.level === 'E') {
    const rows = scope.icbs ? areas.filter((a) => a.icb_code && scope.icbs!.includes(a.icb_code)) : areas;
    return { ...area, name: 'England', registeredPatients: sum(rows.map((a) => a.registered_patients ?? 0)) };
  }
  const col = LEVEL_COLUMN[area.level];
  const rows = areas.filter((a) => a[col] === area.code);
  if (!rows.length) throw new ParamError('area', formatArea(area), `no ${area.level} with code ${area.code}`);
  if (scope.icbs && !rows.every((a) => a.icb_code && scope.icbs!.includes(a.icb_code))) {
    throw new ParamError('area', formatArea(area), 'that area is outside what you may see');
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
    child: CHILD[area.level],
    pcns: () => pcnQuery(snapshot.db, filters.area, scope),
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

/** Runs a dataset for the filters within the scope, disclosure-controlled; cached per snapshot. */
export async function runDataset(id: string, filters: Filters, scope: Scope): Promise<Table> {
  const dataset = registry.get(id);
  if (!dataset) throw new ParamError('dataset', id, `no dataset ${id}`);
  return snapshots().use(async (snapshot) => {
    const ctx = await makeContext(snapshot, filters, scope);
    const info = await snapshotInfo(snapshot);
    const key = JSON.stringify([id, filters, scope.icbs, disclosureSettings()]);
    const { rows, suppressed } = await cached(snapshot, key, async () =>
      disclose(dataset, await dataset.query(ctx), ctx),
    );
    return {
      id,
      title: dataset.title,
      indicator: dataset.indicator,
      source: dataset.source,
      columns: dataset.columns,
      rows,
      suppressed,
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
