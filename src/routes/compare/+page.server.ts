import { funnelRatioLimits } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import { monthsBetween } from '#lib/periods.ts';
import type { Row } from '#lib/table.ts';
import type { PageServerLoad } from './$types';

/**
 * Funnel limits for a rate per 1,000 a year around the benchmark: at each population the expected
 * count is benchmark × population × years; the 95% and 99.8% Poisson limits of the observed/expected
 * ratio (PHE ratio funnel, src/lib/stats) are scaled back to rates.
 */
function funnelLimits(rows: Row[], benchmark: number, years: number) {
  const pops = rows
    .map((r) => r.registered_patients)
    .filter((p): p is number => typeof p === 'number' && p > 0);
  if (!pops.length || !(benchmark > 0)) return [];
  const lo = Math.min(...pops) * 0.8;
  const hi = Math.max(...pops) * 1.1;
  const steps = 60;
  return Array.from({ length: steps + 1 }, (_, i) => {
    const population = lo * (hi / lo) ** (i / steps);
    const expected = (benchmark / 1000) * population * years;
    const l95 = funnelRatioLimits(1, expected, 0.95);
    const l998 = funnelRatioLimits(1, expected, 0.998);
    return {
      population,
      lower95: l95.lower * benchmark,
      upper95: l95.upper * benchmark,
      lower998: l998.lower * benchmark,
      upper998: l998.upper * benchmark,
    };
  });
}

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const t = await pageTables(
    { compare: 'compare', map: 'compare' },
    { ...filters, instrument: null },
    locals.scope,
  ).then(async (own) => {
    // the map is of ICBs: for a region or England that is the table itself, otherwise England's
    if (filters.area.level === 'E' || filters.area.level === 'REGION') return own;
    const england = await pageTables(
      { map: 'compare' },
      { ...filters, area: { level: 'E', code: 'E' }, instrument: null },
      locals.scope,
    );
    return { compare: own.compare, map: england.map };
  });
  const benchmark = t.compare.rows.find((r) => typeof r.benchmark === 'number')?.benchmark as
    number | undefined;
  const years = monthsBetween(`${t.compare.from}-01`, `${t.compare.to}-01`) / 12;
  return {
    t,
    benchmark: benchmark ?? null,
    limits: benchmark ? funnelLimits(t.compare.rows, benchmark, years) : [],
  };
};
