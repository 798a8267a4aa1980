import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const t = await pageTables(
    {
      referrals: 'referrals',
      workforce: 'workforce',
      outcomes: 'outcomes',
      loneliness: 'loneliness-paired',
      targets: 'targets',
    },
    { ...filters, instrument: null },
    locals.scope,
  );
  const england = await pageTables(
    { referrals: 'referrals' },
    { ...filters, area: { level: 'E', code: 'E' }, instrument: null },
    locals.scope,
  );
  return { t, englandPatients: england.referrals.area.registeredPatients };
};
