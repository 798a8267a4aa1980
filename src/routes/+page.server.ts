import { pageFilters, pageTables } from '#lib/server/page.ts';
import { alertsFor } from '#lib/server/alerts-for.ts';
import { store } from '#lib/server/auth/handle.ts';
import { meanOfRows } from '#lib/server/datasets/registered-patients.ts';
import { formatArea, type Area } from '#lib/area.ts';
import { financialYear } from '#lib/financial-year.ts';
import { targetAt, type TargetPoint } from '#lib/targets.ts';
import type { PageServerLoad } from './$types';

const ENGLAND: Area = { level: 'E', code: 'E' };

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  const base = { ...filters, instrument: null };
  const t = await pageTables(
    {
      referrals: 'referrals',
      workforce: 'workforce',
      outcomes: 'outcomes',
      loneliness: 'loneliness-paired',
      healthcare: 'healthcare-use',
      targets: 'targets',
      patients: 'registered-patients',
    },
    base,
    locals.scope,
  );
  const points = t.targets.rows as unknown as TargetPoint[];
  const area = formatArea(filters.area);

  // The 900,000 ambition counts PEOPLE referred in a financial year, so it is read against the
  // distinct people of the financial year holding the period's last month (people-referred's
  // financial-year row), never against referral episodes, and never annualised (a person referred
  // twice is one person whatever the months).
  const fy = financialYear(t.referrals.to);
  const lastWorkforce = t.workforce.rows.filter((r) => typeof r.fte === 'number').at(-1);
  const workforceMonth = lastWorkforce ? String(lastWorkforce.month).slice(0, 7) : t.workforce.to;
  const [year, englandYear, englandWorkforceMonth] = await Promise.all([
    pageTables(
      { people: 'people-referred', patients: 'registered-patients' },
      { ...base, from: fy.from, to: fy.to },
      locals.scope,
    ),
    pageTables(
      { people: 'people-referred', patients: 'registered-patients' },
      { ...base, area: ENGLAND, from: fy.from, to: fy.to },
      locals.scope,
    ),
    pageTables(
      { patients: 'registered-patients' },
      { ...base, area: ENGLAND, from: workforceMonth, to: workforceMonth },
      locals.scope,
    ),
  ]);
  const fyRow = year.people.rows.find((r) => String(r.period).startsWith(`${fy.label} (financial year)`));
  // months of the year with referral data anywhere (England has a row for each), as capacity_monthly
  // counts referral months; a suppressed month (null) still had referrals
  const months = englandYear.people.rows.filter(
    (r) => !String(r.period).includes('financial year') && r.people !== 0,
  ).length;

  // England's targets pro-rata by the area's share of England's registered patients in the same
  // months: the financial year's mean monthly lists for referrals, the month's list for FTE
  const ratio = (a: number | null, e: number | null) => (a !== null && e ? a / e : null);
  const referralShare = ratio(meanOfRows(year.patients.rows), meanOfRows(englandYear.patients.rows));
  const fteShare = ratio(
    typeof lastWorkforce?.registered_patients === 'number'
      ? lastWorkforce.registered_patients
      : meanOfRows(t.patients.rows.filter((r) => String(r.month).startsWith(workforceMonth))),
    meanOfRows(englandWorkforceMonth.patients.rows),
  );
  const pro = (measure: string, month: string, share: number | null) => {
    const at = targetAt(points, { measure, area, month, share: share ?? 1 });
    // without the lists England's target cannot be made pro-rata: none rather than a wrong one
    return at?.basis === 'england_pro_rata' && share === null ? null : at;
  };

  // the signed-in person's own alerts (saved on /alerts), for their areas whatever area is shown,
  // at the period's end the page was asked for
  const rules = locals.user ? store().alertRules(locals.user.name) : null;
  const alerts = rules
    ? { rules, fired: await alertsFor(locals.scope, rules, { to: url.searchParams.get('to') ?? undefined }) }
    : null;

  return {
    t,
    signedIn: locals.user !== null,
    alerts,
    /** the area's registered patients: mean of the period's monthly lists */
    patients: meanOfRows(t.patients.rows),
    peopleReferred: {
      year: fy.label,
      people: fyRow ? (typeof fyRow.people === 'number' ? fyRow.people : null) : 0,
      months,
      complete: months === 12,
    },
    referralShare,
    fteShare,
    referralTarget: pro('referrals_per_year', fy.to, referralShare),
    fteTarget: pro('link_worker_fte', workforceMonth, fteShare),
  };
};
