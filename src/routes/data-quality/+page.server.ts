import { pagedTable, pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const t = await pageTables(
    {
      loads: 'data-quality',
      rejects: 'dq-rejects',
      fields: 'dq-completeness',
      pcns: 'dq-completeness-by-pcn',
      followUp: 'outcome-completeness',
      codes: 'dq-snomed',
      orphans: 'dq-orphans',
    },
    { ...filters, instrument: null },
    locals.scope,
  );
  // the least complete PCN of the whole area (least complete first), before the table is paged
  const leastPcn = t.pcns.rows.find((r) => typeof r.complete === 'number') ?? null;
  return { t: { ...t, pcns: pagedTable(t.pcns, url, 'pcn_page') }, leastPcn, pcnTotal: t.pcns.rows.length };
};
