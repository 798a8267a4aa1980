import { pageFilters, pageTables } from '#lib/server/page.ts';
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
  return { t };
};
