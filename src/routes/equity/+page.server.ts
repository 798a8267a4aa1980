import { INSTRUMENTS, type InstrumentId } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const focus = (filters.instrument ?? 'SWEMWBS') as InstrumentId;
  const [all, one] = await Promise.all([
    pageTables({ equity: 'equity', inequality: 'inequality' }, filters, locals.scope),
    pageTables({ groups: 'outcomes-by-group' }, { ...filters, instrument: focus }, locals.scope),
  ]);
  return { t: { ...all, ...one }, focus: { id: focus, name: INSTRUMENTS[focus].name } };
};
