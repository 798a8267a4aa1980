import type { Kysely } from 'kysely';
import type { Level } from '#lib/area.ts';
import type { AreaInfo, Column, Row } from '#lib/table.ts';
import type { pcnQuery } from './areas.ts';
import type { Scope } from './auth/scope.ts';
import type { Filters } from './filters.ts';
import type { ParameterName } from './parameters.ts';
import type { Marts } from './schema.ts';
import type { Snapshot } from './snapshot.ts';

export type { AreaInfo, Cell, Column, ColumnKind, Row, Table } from '#lib/table.ts';

/**
 * A dataset: what the dashboard shows and the API serves, declared as a value (the catalogue,
 * catalogue.ts, lists them all). It says which columns leave and of what kind; `runDataset`
 * (run-dataset.ts) runs its query within the user's scope and releases the rows through the one
 * release path (release/), which protects every count before anything is derived from it.
 */
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
   * What the rows are, for the level cap (areas.ts, capBreakdown): 'pcn' (one row per PCN: only
   * PCNs in ICBs the user may see down to PCN, refused when there are none), 'child' (one row per
   * child area: refused when the user may see no breakdown of the area). Absent: rows are
   * aggregates of the whole area (or reference data), which the user may see.
   */
  breakdown?: 'pcn' | 'child';
  /**
   * Differencing protection (issue 5): the query returns its rows per cell as well (a `cell`
   * field from cellSelect in datasets/shared.ts: the finest area the user may see a PCN in, the
   * PCN itself or its ICB; one cell, the area, for the public), and the release path protects
   * each count in its cell before summing the cells into the rows asked for. Every figure is then
   * a sum of protected cells, so the difference of two overlapping requests is too, and never a
   * count of 1–7. Not for administrators, who may read the warehouse itself: their rows are
   * summed first and protected once.
   */
  cells?: true;
  /** order the released rows by this count as shown, largest first (release/release.ts) */
  sortBy?: string;
}

/** What a dataset's query and derive see: the snapshot, the filters resolved, and the scope. */
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
  pcns: () => PcnQuery;
  /** PCN codes in the area whose ICB the user may see down to PCN: the only rows a PCN breakdown may show */
  detailPcns: () => PcnQuery;
  /** the finest level the user may see inside an ICB (`finestLevelIn(scope, icb)`) */
  finest: (icb: string | null) => Level;
  scope: Scope;
  snapshot: Snapshot;
}

/** A subquery of PCN codes (areas.ts, pcnQuery), for `where pcn_code in (…)`. */
export type PcnQuery = ReturnType<typeof pcnQuery>;

export interface Child {
  level: Level;
  code: 'region_code' | 'icb_code' | 'sub_icb_code' | 'pcn_code';
  name: 'region_name' | 'icb_name' | 'sub_icb_name' | 'pcn_name';
}
