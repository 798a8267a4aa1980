import { INSTRUMENTS, type InstrumentId } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import { followUpWindowText } from '#lib/outcomes/follow-up-window.ts';
import { DEFAULT_FOCUS } from '#lib/outcomes/default-focus.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const focus = (filters.instrument ?? DEFAULT_FOCUS) as InstrumentId;
  const [all, one] = await Promise.all([
    pageTables({ outcomes: 'outcomes', completeness: 'outcome-completeness' }, filters, locals.scope),
    pageTables(
      { distribution: 'outcome-distribution', groups: 'outcomes-by-group' },
      { ...filters, instrument: focus },
      locals.scope,
    ),
  ]);
  const def = INSTRUMENTS[focus];
  return {
    t: { ...all, ...one },
    window: followUpWindowText(),
    focus: {
      id: focus,
      name: def.name,
      meaningfulChange: def.meaningfulChange,
      assumed: def.meaningfulChangeIsAssumption,
      chosen: filters.instrument !== null,
    },
    /** meaningful change per instrument, for the page's notes */
    meaningful: Object.fromEntries(Object.values(INSTRUMENTS).map((d) => [d.id, d.meaningfulChange])),
  };
};
