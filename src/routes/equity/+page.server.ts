import { INSTRUMENTS, type InstrumentId } from '#lib/stats/index.ts';
import { meanOfRows } from '#lib/server/datasets/registered-patients.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import { DEFAULT_FOCUS } from '#lib/outcomes/default-focus.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const focus = (filters.instrument ?? DEFAULT_FOCUS) as InstrumentId;
  const [all, one] = await Promise.all([
    pageTables(
      {
        equity: 'equity',
        inequality: 'inequality',
        patients: 'registered-patients',
        accessImd: 'access-by-deprivation',
        accessEthnicity: 'access-by-ethnicity',
        accessGap: 'access-inequality',
      },
      filters,
      locals.scope,
    ),
    pageTables({ groups: 'outcomes-by-group' }, { ...filters, instrument: focus }, locals.scope),
  ]);
  // the area's rate uses the registered list of the months shown (their mean), not today's list
  const { patients, ...tables } = all;
  return {
    t: { ...tables, ...one },
    patients: meanOfRows(patients.rows),
    focus: { id: focus, name: INSTRUMENTS[focus].name },
  };
};
