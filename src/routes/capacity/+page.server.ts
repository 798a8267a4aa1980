import { spc } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  // PCN rows only where the role may see PCNs; elsewhere the table is withheld with a notice
  const t = await pageTables({ workforce: 'workforce', pcns: 'capacity-by-pcn' }, filters, locals.scope, {
    optional: ['pcns'],
  });
  const england = await pageTables(
    { w: 'workforce' },
    { ...filters, area: { level: 'E', code: 'E' } },
    locals.scope,
  );
  const share = england.w.area.registeredPatients
    ? t.workforce.area.registeredPatients / england.w.area.registeredPatients
    : 1;
  // one series: the source with the most months (NHS Digital where both exist)
  const sources = [...new Set(t.workforce.rows.map((r) => String(r.source)))];
  const source = sources.includes('nhsd') ? 'nhsd' : sources[0];
  const series = t.workforce.rows.filter((r) => r.source === source && typeof r.fte === 'number');
  const target = 1000 * share;
  const result =
    series.length >= 2
      ? spc(
          series.map((r) => r.fte as number),
          { improvementDirection: 'increase', target },
        )
      : null;
  return {
    t,
    share,
    source,
    target,
    target9000: 9000 * share,
    spc: result && { variation: result.variation, assurance: result.assurance },
  };
};
