import type { Database } from '../db/database.ts';
import type { MonthlySpec } from '../../warehouse/define-model.ts';
import { BUILD_KEYS, BUILD_REFRESHED } from './filter-to-keys.ts';

/** The temporary table of the months (per source relation) a by-month build brings up to date. */
export const BUILD_MONTHS = 'build_months';

/** Where a mart's months come from: a relation's month column, for which referrals. */
export interface MonthSource {
  relation: string;
  column: string;
  /** the relation's PCN column, recorded beside the month (MonthlySpec.byPcn) */
  pcnColumn?: string;
  /** only the referrals these extracts landed (or a correction removed): MonthlySpec.keysFrom */
  keysFrom?: string[];
}

export const monthSourcesOf = (spec: MonthlySpec): MonthSource[] =>
  Object.entries(spec.months).map(([relation, column]) => ({
    relation,
    column,
    keysFrom: spec.keysFrom,
    ...(spec.byPcn ? { pcnColumn: 'pcn_code' } : {}),
  }));

/** One name per source, as recorded in build_months. */
export const sourceLabel = (s: MonthSource) =>
  `${s.relation}.${s.column}|${(s.keysFrom ?? []).join(',')}|${s.pcnColumn ?? ''}`;

/**
 * Records the months of the affected referrals' rows in each source: run once before the build
 * touches anything (the months the rows had) and again before the first by-month mart reading it
 * (the months they have now), so a referral that moved month, or a row a correction deleted,
 * counts in both. The affected referrals are all the build's keys, or with `keysFrom` those the
 * loads after the watermark landed in these extracts and those a correction removed. A relation
 * whose refresh changed other referrals' rows (build_refreshed) adds those referrals: the refresh
 * changes no month column, so their months now are the months they had.
 */
export async function recordMonths(db: Database, sources: MonthSource[], watermark: number) {
  await db.run(
    `create temp table if not exists ${BUILD_MONTHS} (source VARCHAR, month DATE, pcn_code VARCHAR)`,
  );
  const after = `load_id > ${Math.trunc(watermark)}`;
  for (const source of sources) {
    const keys = source.keysFrom
      ? [
          `select referral_id from audit.replaced_keys where ${after}`,
          ...source.keysFrom.map((raw) => `select referral_id from ${raw} where ${after}`),
        ].join(' union all ')
      : `select referral_id from ${BUILD_KEYS}
         union all
         select referral_id from ${BUILD_REFRESHED} where relation = '${source.relation.replaceAll("'", "''")}'`;
    await db.run(
      `insert into ${BUILD_MONTHS}
       select distinct '${sourceLabel(source)}', date_trunc('month', ${source.column})::DATE,
         ${source.pcnColumn ?? 'null'}
       from ${source.relation}
       where referral_id in (${keys}) and ${source.column} is not null`,
    );
  }
}

/**
 * Records the months (and PCNs) of a mart's own rows matching `where`, under `label`: the rows
 * whose values depend on the data date (MonthlySpec.dataDateRows), as they are before the build.
 */
export async function recordRowMonths(
  db: Database,
  label: string,
  relation: string,
  spec: MonthlySpec,
  where: string,
) {
  await db.run(
    `insert into ${BUILD_MONTHS}
     select distinct ?, ${spec.column}, ${spec.byPcn ? 'pcn_code' : 'null'} from ${relation} where ${where}`,
    [label],
  );
}

const labelsOf = (spec: MonthlySpec, extra?: string) =>
  [...monthSourcesOf(spec).map(sourceLabel), ...(extra ? [extra] : [])]
    .map((l) => `'${l.replaceAll("'", "''")}'`)
    .join(', ');

/** The distinct months recorded for the mart's sources (and `extra`), as ISO dates, sorted. */
export async function affectedMonths(db: Database, spec: MonthlySpec, extra?: string): Promise<string[]> {
  const sources = labelsOf(spec, extra);
  const rows = await db.all<{ m: string }>(
    `select distinct month::VARCHAR as m from ${BUILD_MONTHS} where source in (${sources}) order by m`,
  );
  return rows.map((r) => r.m);
}

/**
 * For a mart by month and PCN (MonthlySpec.byPcn): the distinct PCNs recorded for its sources, and
 * whether a row had none (a referral placed in no PCN).
 */
export async function affectedPcns(
  db: Database,
  spec: MonthlySpec,
  extra?: string,
): Promise<{ pcns: string[]; none: boolean }> {
  const sources = labelsOf(spec, extra);
  const rows = await db.all<{ p: string | null }>(
    `select distinct pcn_code as p from ${BUILD_MONTHS} where source in (${sources}) order by p`,
  );
  return { pcns: rows.flatMap((r) => (r.p === null ? [] : [r.p])), none: rows.some((r) => r.p === null) };
}

/** The financial year (April to March) a month is in, as its first day. */
export function financialYearStart(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${m! < 4 ? year! - 1 : year!}-04-01`;
}

/**
 * The predicate selecting the mart's rows of the affected months (and their financial years when
 * the column holds those too), with the dates as literals: DuckDB pushes a constant IN list
 * through projections, unions and the grouping down to the scan, where a subquery would be a join
 * after the aggregation.
 */
export function monthPredicate(
  spec: MonthlySpec,
  months: string[],
  pcns?: { pcns: string[]; none: boolean },
): string {
  return periodsPredicate(spec.column, monthPeriods(spec, months), pcns);
}

/**
 * `column in (DATE '…', …)` for the periods (each the first of a month), and the PCNs when given:
 * the rows a by-month build rebuilds, and those a publish copies again (publish.ts).
 */
export function periodsPredicate(
  column: string,
  periods: string[],
  pcns?: { pcns: string[]; none: boolean },
): string {
  if (!/^[a-z_]+$/.test(column))
    throw new Error(`month column ${JSON.stringify(column)} is not a column name`);
  if (periods.length === 0) return 'false';
  for (const p of periods) {
    if (!/^\d{4}-\d{2}-01$/.test(p)) throw new Error(`affected month ${p} is not the first of a month`);
  }
  const inMonths = `${column} in (${periods.map((p) => `DATE '${p}'`).join(', ')})`;
  return pcns ? `${inMonths} and ${pcnPredicate(pcns.pcns, pcns.none)}` : inMonths;
}

/** `pcn_code in (…)` for the PCNs (and `or pcn_code is null` when a row had none); literals checked. */
export function pcnPredicate(pcns: string[], none: boolean): string {
  for (const p of pcns) {
    if (!/^[A-Za-z0-9_-]+$/.test(p)) throw new Error(`affected PCN ${JSON.stringify(p)} is not a PCN code`);
  }
  const listed = pcns.length > 0 ? `pcn_code in (${pcns.map((p) => `'${p}'`).join(', ')})` : 'false';
  return none ? `(${listed} or pcn_code is null)` : listed;
}

/** The values of the mart's month column the affected months rebuild (financial years too), sorted. */
export function monthPeriods(spec: MonthlySpec, months: string[]): string[] {
  const periods = new Set(months);
  if (spec.financialYears) for (const m of months) periods.add(financialYearStart(m));
  return [...periods].sort();
}
