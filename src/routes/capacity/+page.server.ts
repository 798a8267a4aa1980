import { spc } from '#lib/stats/index.ts';
import { pagedTable, pageFilters, pageTables } from '#lib/server/page.ts';
import { formatArea } from '#lib/area.ts';
import { targetAt, type TargetPoint } from '#lib/targets.ts';
import type { Row } from '#lib/table.ts';
import type { PageServerLoad } from './$types';

/** The URL parameter holding the page of the per-PCN table. */
const PCN_PAGE = 'pcn_page';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  // PCN rows only where the role may see PCNs; elsewhere the table is withheld with a notice
  const t = await pageTables(
    {
      workforce: 'workforce',
      pcns: 'capacity-by-pcn',
      targets: 'targets',
      projection: 'capacity-projection',
      demand: 'demand-supply',
      backlog: 'referral-backlog',
    },
    filters,
    locals.scope,
    { optional: ['pcns'] },
  );
  const england = await pageTables(
    { w: 'workforce' },
    { ...filters, area: { level: 'E', code: 'E' } },
    locals.scope,
  );
  const points = t.targets.rows as unknown as TargetPoint[];
  const area = formatArea(filters.area);
  // England's count targets pro-rata by the area's share of England's registered patients in the
  // month measured (each workforce row's own list), not today's list
  const englandPatients = new Map(
    england.w.rows.map((r) => [String(r.month).slice(0, 7), r.registered_patients] as const),
  );
  const shareIn = (r: Row | undefined) => {
    const e = r ? englandPatients.get(String(r.month).slice(0, 7)) : undefined;
    return r && typeof r.registered_patients === 'number' && typeof e === 'number' && e > 0
      ? r.registered_patients / e
      : null;
  };
  // without a month's lists England's count target cannot be made pro-rata: none rather than a wrong one
  const target = (measure: string, r: Row | undefined, month: string) => {
    const share = shareIn(r);
    const at = targetAt(points, { measure, area, month, share: share ?? 1 });
    return at?.basis === 'england_pro_rata' && share === null ? null : at;
  };
  // one source per month (local returns where the area has any, else NHS Digital): the dataset's rows
  const rows = t.workforce.rows.filter((r) => typeof r.fte === 'number');
  const last = rows.at(-1);
  const month = last ? String(last.month) : `${t.workforce.to}-01`;
  const share = shareIn(last);
  const fteTarget = target('link_worker_fte', last, month);
  const per50kTarget = target('link_worker_fte_per_50k', last, month);
  // the trajectory for every month charted, so the line shows what each month is measured against
  const trajectory = rows.flatMap((r) => {
    const at = target('link_worker_fte', r, String(r.month));
    return at ? [{ month: String(r.month), value: at.value }] : [];
  });
  // SPC over the latest run of one source (a change of source is a break in the process), judged
  // against the target for the month shown (the last), not a past target
  const run = last ? rows.slice(rows.findLastIndex((r) => r.source !== last.source) + 1) : [];
  const partial = run.filter((r) => Number(r.pcns_reporting) < Number(r.pcns_in_area)).length;
  const result =
    run.length >= 2
      ? spc(
          run.map((r) => r.fte as number),
          { improvementDirection: 'increase', target: fteTarget?.value },
        )
      : null;
  // counted over every PCN in the area, before the table is cut to the page shown
  const perFte = (r: Row) => (typeof r.referrals_per_fte === 'number' ? r.referrals_per_fte : null);
  const pcnSummary = {
    total: t.pcns.rows.length,
    without: t.pcns.rows.filter((r) => !r.fte).length,
    within: t.pcns.rows.filter((r) => (perFte(r) ?? 0) >= 200 && (perFte(r) ?? Infinity) <= 250).length,
    over: t.pcns.rows.filter((r) => (perFte(r) ?? 0) > 250).length,
  };
  return {
    t: { ...t, pcns: pagedTable(t.pcns, url, PCN_PAGE) },
    pcnSummary,
    share,
    fteTarget,
    per50kTarget,
    trajectory,
    run: { months: run.length, from: run[0]?.month ?? null, partial },
    spc: result && { variation: result.variation, assurance: result.assurance },
  };
};
