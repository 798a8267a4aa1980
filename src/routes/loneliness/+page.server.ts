import { INSTRUMENTS, type InstrumentId } from '#lib/stats/index.ts';
import { LONELINESS_INSTRUMENTS } from '#lib/server/datasets/loneliness.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import { followUpWindowText } from '#lib/outcomes/follow-up-window.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  // another instrument chosen elsewhere (e.g. SWEMWBS) says nothing about loneliness: show them all
  const ignored =
    filters.instrument && !LONELINESS_INSTRUMENTS.includes(filters.instrument) ? filters.instrument : null;
  const t = await pageTables(
    { paired: 'loneliness-paired', loneliness: 'loneliness', change: 'loneliness-change' },
    { ...filters, instrument: ignored ? null : filters.instrument },
    locals.scope,
  );
  return {
    t,
    window: followUpWindowText(),
    ignored,
    names: Object.fromEntries(LONELINESS_INSTRUMENTS.map((id) => [id, INSTRUMENTS[id as InstrumentId].name])),
  };
};
