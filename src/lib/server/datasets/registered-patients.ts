import type { Kysely } from 'kysely';
import type { Level } from '#lib/area.ts';
import type { Dataset } from '../dataset.ts';
import type { Marts } from '../schema.ts';
import { AREA_PERIOD } from './shared.ts';

/**
 * Denominators of the period shown (docs/models.md "Denominators"): a rate for a month uses that
 * month's registered list from marts.registered_patients_monthly (closed practices included, GPAD
 * coverage from August 2020), never today's list (marts.areas); a rate over a period uses the mean
 * of the monthly lists over the period's months.
 */
type AreaType = Marts['marts.registered_patients_monthly']['area_type'];

/** The mart's area_type for each level of the `area` parameter. */
export const AREA_TYPE: Record<Level, AreaType> = {
  E: 'england',
  REGION: 'region',
  ICB: 'icb',
  SICBL: 'sub_icb',
  PCN: 'pcn',
};

/** The mart's area_code for an area: England is 'E'. */
export const areaCode = (area: { level: Level; code: string }) => (area.level === 'E' ? 'E' : area.code);

/**
 * Each month's registered patients of `codes` at `level`, months `from`–`to` (ISO dates) included;
 * `from` null: every month to `to`.
 */
export function monthlyLists(
  db: Kysely<Marts>,
  level: Level,
  codes: string[],
  from: string | null,
  to: string,
) {
  let q = db
    .selectFrom('marts.registered_patients_monthly')
    .select(['month', 'area_code', 'registered_patients', 'source', 'is_carried_forward'])
    .where('area_type', '=', AREA_TYPE[level])
    .where('area_code', 'in', codes.length ? codes : [''])
    .where('month', '<=', to);
  if (from !== null) q = q.where('month', '>=', from);
  return q.orderBy('area_code').orderBy('month').execute();
}

/**
 * The denominator of a rate over a period for each code: the mean of its monthly lists over the
 * months of `from`–`to` that have one (an area with no list in some months, e.g. a PCN formed
 * during the period, is averaged over the months it has), rounded to a whole patient so the
 * released population reproduces the released rate. Codes with no list at all are absent.
 */
export async function meanLists(
  db: Kysely<Marts>,
  level: Level,
  codes: string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const byCode = new Map<string, number[]>();
  for (const r of await monthlyLists(db, level, codes, from, to)) {
    const list = byCode.get(r.area_code) ?? [];
    list.push(Number(r.registered_patients));
    byCode.set(r.area_code, list);
  }
  return new Map(
    [...byCode].map(([code, lists]) => [code, Math.round(lists.reduce((s, n) => s + n, 0) / lists.length)]),
  );
}

/** The mean of the `registered_patients` of rows (a period's monthly lists), or null without any. */
export function meanOfRows(rows: readonly Record<string, unknown>[]): number | null {
  const values = rows.map((r) => r.registered_patients).filter((v): v is number => typeof v === 'number');
  return values.length ? values.reduce((s, n) => s + n, 0) / values.length : null;
}

export const registeredPatients: Dataset = {
  id: 'registered-patients',
  title: 'Registered patients per month',
  description:
    'Patients registered at the area’s GP practices in each month of the period: the denominator of its rates and of England’s targets pro-rata. From August 2020 NHS England’s GPAD coverage (patients at open practices; months after the last published one carry it forward), before it each practice’s list size for the financial year, practices closed since included. PCNs: their practices’ list sizes for the financial year. A rate over a period uses the mean of these monthly lists.',
  parameters: [...AREA_PERIOD],
  indicator: 'registered-patients',
  source: 'marts.registered_patients_monthly',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
    { key: 'source', label: 'Source', kind: 'dim' },
    { key: 'is_carried_forward', label: 'Carried forward from an earlier month', kind: 'dim' },
  ],
  async query(ctx) {
    const rows = await monthlyLists(ctx.db, ctx.area.level, [areaCode(ctx.area)], ctx.from, ctx.to);
    return rows.map((r) => ({
      month: r.month,
      registered_patients: r.registered_patients,
      source: r.source,
      is_carried_forward: r.is_carried_forward,
    }));
  },
};
