import { byarsInterval, slopeIndexOfInequality } from '#lib/stats/index.ts';
import { sum } from '#lib/sum.ts';
import type { Column, Context, Dataset, Row } from '../dataset.ts';
import { AREA_PERIOD, num, sumPerCell } from './shared.ts';

/**
 * Access rates: referrals of the area's registered patients per 1,000 of the area's Census 2021
 * residents a year, by IMD 2019 decile and by broad ethnic group (docs/methods.md, "Access
 * rates"). The rate is derived from the protected referral count (release path), with Byar's 95%
 * interval of that count. Residents are not registered patients, and PCNs have no residents
 * (no residential boundary): their rows carry no population and no rate.
 */
const RESIDENTS_CAVEAT =
  'Residents (Census 2021) are not registered patients: a practice’s patients may live outside its area. Age- and sex-specific rates need a population by age and sex per LSOA, which is not available here. PCNs have no residents (no residential boundary).';

const rateColumns = [
  { key: 'referrals', label: 'Referrals', kind: 'count' },
  { key: 'population', label: 'Residents (Census 2021)', kind: 'population' },
  {
    key: 'rate_per_1000',
    label: 'Referrals per 1,000 residents a year',
    kind: 'value',
    base: 'referrals',
    digits: 1,
  },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'referrals', digits: 1 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'referrals', digits: 1 },
] as const satisfies readonly Column[];

/** Per 1,000 a year: the period's count × 12 / its months. */
const perThousandAYear = (ctx: Context, population: number) => (1000 / population) * (12 / ctx.months);

/** The rate per 1,000 residents a year of a protected count, with Byar's 95% interval. */
export function accessRate(
  count: number | null,
  population: number | null,
  ctx: Context,
): { rate_per_1000: number | null; lower: number | null; upper: number | null } {
  if (count === null || !population) return { rate_per_1000: null, lower: null, upper: null };
  const k = perThousandAYear(ctx, population);
  const ci = byarsInterval(count);
  return { rate_per_1000: count * k, lower: ci.lower * k, upper: ci.upper * k };
}

/** Residents of the area per `group` (imd_decile or ethnic_group); none for a PCN. */
async function residentsBy(ctx: Context, group: 'imd_decile' | 'ethnic_group'): Promise<Map<string, number>> {
  if (ctx.area.level === 'PCN') return new Map();
  const rows = await ctx.db
    .selectFrom('marts.residents')
    .select((eb) => [eb.ref(group).as('group'), eb.fn.sum<number>('residents').as('residents')])
    .where('area_level', '=', ctx.area.level)
    .where('area_code', '=', ctx.area.level === 'E' ? 'E' : ctx.area.code)
    .groupBy(group)
    .execute();
  return new Map(rows.map((r) => [String(r.group), Number(r.residents)]));
}

/** Referrals per cell and group, with the group's residents beside each (a key, not a count). */
async function accessRows(ctx: Context, group: 'imd_decile' | 'ethnic_group'): Promise<Row[]> {
  const [cells, residents] = await Promise.all([
    sumPerCell(ctx, 'marts.referrals_monthly', { group }, { referrals: 'referrals' }),
    residentsBy(ctx, group),
  ]);
  const rows: Row[] = cells.map((r) => {
    const key = r.group === null || r.group === undefined ? 'unknown' : String(r.group);
    return {
      [group]: key,
      cell: r.cell ?? null,
      referrals: r.referrals,
      population: residents.get(key) ?? null,
    };
  });
  // a group with residents but no referrals is the point of an access rate (who is missed): it
  // gets a row of 0 referrals (in no cell: the release path counts it in the area's own cell)
  const seen = new Set(rows.map((r) => r[group]));
  for (const [key, population] of residents)
    if (!seen.has(key)) rows.push({ [group]: key, cell: null, referrals: 0, population });
  return rows;
}

const byGroupOrder = (group: string) => (a: Row, b: Row) =>
  String(a[group]).localeCompare(String(b[group]), 'en', { numeric: true });

export const accessByDeprivation: Dataset = {
  id: 'access-by-deprivation',
  title: 'Access by deprivation: referrals per 1,000 residents',
  description: `Referrals a year per 1,000 Census 2021 residents by IMD 2019 decile of where the referred person lives (decile 1 most deprived), for the area's registered patients, with Byar's 95% interval; rates from the protected referral counts. ${RESIDENTS_CAVEAT}`,
  parameters: [...AREA_PERIOD],
  indicator: 'access-rate',
  source: 'marts.referrals_monthly, marts.residents',
  cells: true,
  columns: [{ key: 'imd_decile', label: 'IMD decile (1 = most deprived)', kind: 'dim' }, ...rateColumns],
  derive: (row, ctx) => accessRate(num(row.referrals), num(row.population), ctx),
  async query(ctx) {
    return (await accessRows(ctx, 'imd_decile')).sort(byGroupOrder('imd_decile'));
  },
};

export const accessByEthnicity: Dataset = {
  id: 'access-by-ethnicity',
  title: 'Access by ethnic group: referrals per 1,000 residents',
  description: `Referrals a year per 1,000 Census 2021 residents by broad ethnic group (five groups; "not stated" referrals have no population), for the area's registered patients, with Byar's 95% interval; rates from the protected referral counts. ${RESIDENTS_CAVEAT}`,
  parameters: [...AREA_PERIOD],
  indicator: 'access-rate',
  source: 'marts.referrals_monthly, marts.residents',
  cells: true,
  columns: [{ key: 'ethnic_group', label: 'Ethnic group', kind: 'dim' }, ...rateColumns],
  derive: (row, ctx) => accessRate(num(row.referrals), num(row.population), ctx),
  async query(ctx) {
    return (await accessRows(ctx, 'ethnic_group')).sort(byGroupOrder('ethnic_group'));
  },
};

const DECILES = Array.from({ length: 10 }, (_, i) => i + 1);
/** Core20: the most deprived 20 % nationally, IMD deciles 1 and 2 (NHS England, Core20PLUS5). */
const CORE20 = [1, 2];

/**
 * The slope index of inequality of access across IMD deciles and Core20's share of referrals
 * against its share of residents, from the protected counts of each decile: each decile's
 * referrals are a hidden count, protected per cell like any count, and the SII and shares are
 * derived from them (so they agree with access-by-deprivation's rows).
 */
export function accessInequality(
  referrals: (number | null)[],
  population: (number | null)[],
  ctx: Context,
): Row {
  const none = {
    sii: null,
    sii_lower: null,
    sii_upper: null,
    core20_share: null,
    core20_population_share: null,
  };
  if (referrals.length !== 10 || population.length !== 10) return none;
  const pops = population.map((p) => p ?? 0);
  const counts = referrals.map((r) => r ?? 0);
  const totalPop = sum(pops);
  const total = sum(counts);
  if (!totalPop) return none;
  const core20 = (xs: number[]) => sum(CORE20.map((d) => xs[d - 1]));
  const out: Row = {
    ...none,
    core20_share: total ? core20(counts) / total : null,
    core20_population_share: core20(pops) / totalPop,
  };
  // phe_sii needs every decile with residents; a suppressed decile (null) is not a zero, so with
  // one there is no SII rather than a biased one
  if (pops.some((p) => p <= 0) || referrals.some((r) => r === null)) return out;
  const sii = slopeIndexOfInequality(
    counts.map((c, i) => {
      const k = perThousandAYear(ctx, pops[i]);
      // Poisson: the SE of a rate is √count × the factor
      return { population: pops[i], value: c * k, se: Math.sqrt(c) * k };
    }),
  );
  return { ...out, sii: sii.sii, sii_lower: sii.lower, sii_upper: sii.upper };
}

export const accessInequalityDataset: Dataset = {
  id: 'access-inequality',
  title: 'Inequality of access across deprivation deciles',
  description: `Slope index of inequality (SII) of referrals a year per 1,000 residents across IMD 2019 deciles (phe_sii; decile 1, most deprived, first): the modelled gap in the rate between the least and the most deprived end, so a negative SII means more referrals per head where deprivation is greater. And Core20 (the most deprived 20 % nationally, deciles 1–2): its share of the area's referrals beside its share of the area's residents. From each decile's protected referral count; no SII when a decile is suppressed or has no residents. ${RESIDENTS_CAVEAT}`,
  parameters: [...AREA_PERIOD],
  indicator: 'access-rate',
  source: 'marts.referrals_monthly, marts.residents',
  cells: true,
  columns: [
    { key: 'referrals', label: 'Referrals with a known decile', kind: 'count' },
    { key: 'population', label: 'Residents (Census 2021)', kind: 'population' },
    ...DECILES.map((d) => ({
      key: `referrals_${d}`,
      label: `Referrals, decile ${d}`,
      kind: 'count' as const,
      hidden: true as const,
    })),
    ...DECILES.map((d) => ({
      key: `population_${d}`,
      label: `Residents, decile ${d}`,
      kind: 'population' as const,
      hidden: true as const,
    })),
    { key: 'sii', label: 'SII (per 1,000 a year)', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'sii_lower', label: '95% CI lower', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'sii_upper', label: '95% CI upper', kind: 'value', base: 'referrals', digits: 1 },
    {
      key: 'core20_share',
      label: 'Core20 share of referrals',
      kind: 'value',
      base: 'referrals',
      percent: true,
      digits: 1,
    },
    {
      key: 'core20_population_share',
      label: 'Core20 share of residents',
      kind: 'value',
      percent: true,
      digits: 1,
    },
  ],
  derive(row, ctx) {
    return accessInequality(
      DECILES.map((d) => num(row[`referrals_${d}`])),
      DECILES.map((d) => num(row[`population_${d}`])),
      ctx,
    );
  },
  async query(ctx) {
    const rows = await accessRows(ctx, 'imd_decile');
    const residents = await residentsBy(ctx, 'imd_decile');
    const population = sum(DECILES.map((d) => residents.get(String(d)) ?? 0));
    // one row per cell, each decile's referrals a count of its own (protected in the cell)
    const cells = new Map<string, Row>();
    for (const r of rows) {
      if (r.imd_decile === 'unknown') continue;
      const cell = r.cell === null ? '' : String(r.cell);
      let out = cells.get(cell);
      if (!out) {
        out = {
          cell: r.cell,
          population: population || null,
          referrals: 0,
          ...Object.fromEntries(DECILES.map((d) => [`referrals_${d}`, 0])),
          ...Object.fromEntries(DECILES.map((d) => [`population_${d}`, residents.get(String(d)) ?? null])),
        };
        cells.set(cell, out);
      }
      out[`referrals_${r.imd_decile}`] = Number(r.referrals);
      out.referrals = Number(out.referrals) + Number(r.referrals);
    }
    return [...cells.values()];
  },
};
