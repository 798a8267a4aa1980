import { DEFAULT_WINDOWS } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const t = await pageTables(
    { use: 'healthcare-use', events: 'healthcare-use-event-study' },
    pageFilters(url),
    locals.scope,
  );
  return { t, windows: DEFAULT_WINDOWS };
};
