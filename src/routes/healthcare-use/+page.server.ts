import { DEFAULT_WINDOWS, windowsOfMonths, type ActivityWindows } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const t = await pageTables(
    {
      use: 'healthcare-use',
      events: 'healthcare-use-event-study',
      byGroup: 'healthcare-use-by-group',
      context: 'sp-activity-context',
    },
    pageFilters(url),
    locals.scope,
  );
  // the window the figures were built with (int_activity_window, SPO_HCU_WINDOW_MONTHS), not a
  // constant: the page states what the numbers mean; the default when there are no rows to say
  const w = t.use.rows.map((r) => r.window_months).find((v) => typeof v === 'number');
  const windows: ActivityWindows = typeof w === 'number' ? windowsOfMonths(w) : DEFAULT_WINDOWS;
  return { t, windows };
};
