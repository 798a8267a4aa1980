import { spc } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const t = await pageTables(
    {
      monthly: 'referrals',
      people: 'people-referred',
      route: 'referrals-by-route',
      reason: 'referrals-by-reason',
      snomed: 'referrals-by-snomed',
      funnel: 'referral-funnel',
      waits: 'referral-waits',
      waitsOver: 'referral-waits-over-4-weeks',
      needs: 'support-vs-needs',
      offered: 'support-offered',
      appointments: 'gp-social-prescribing-appointments',
    },
    filters,
    locals.scope,
  );
  // SPC on the protected monthly counts (suppressed months are left out)
  const points = t.monthly.rows.filter((r) => typeof r.referrals === 'number');
  const result =
    points.length >= 2
      ? spc(
          points.map((r) => r.referrals as number),
          { improvementDirection: 'increase' },
        )
      : null;
  return {
    t,
    spc: result && {
      variation: result.variation,
      assurance: result.assurance,
      warnings: result.warnings,
      points: result.points.map((p, i) => ({ ...p, month: String(points[i].month) })),
    },
  };
};
