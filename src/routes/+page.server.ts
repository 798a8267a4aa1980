import { pageFilters, pageTables } from '#lib/server/page.ts';
import { formatArea } from '#lib/area.ts';
import { targetAt, type TargetPoint } from '#lib/targets.ts';
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
  const englandPatients = england.referrals.area.registeredPatients;
  const share = englandPatients ? t.referrals.area.registeredPatients / englandPatients : 1;
  // targets from the targets table (national, or the area's own loaded target), for the month shown
  const points = t.targets.rows as unknown as TargetPoint[];
  const area = formatArea(filters.area);
  const lastWorkforce = t.workforce.rows.filter((r) => typeof r.fte === 'number').at(-1);
  const workforceMonth = lastWorkforce ? String(lastWorkforce.month) : `${t.workforce.to}-01`;
  return {
    t,
    share,
    englandPatients,
    referralTarget: targetAt(points, { measure: 'referrals_per_year', area, month: t.referrals.to, share }),
    fteTarget: targetAt(points, { measure: 'link_worker_fte', area, month: workforceMonth, share }),
  };
};
