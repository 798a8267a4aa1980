import { spc } from '#lib/stats/index.ts';
import { pageFilters, pageTables } from '#lib/server/page.ts';
import { formatArea } from '#lib/area.ts';
import { targetAt, type TargetPoint } from '#lib/targets.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
  const filters = pageFilters(url);
  // PCN rows only where the role may see PCNs; elsewhere the table is withheld with a notice
  const t = await pageTables(
    { workforce: 'workforce', pcns: 'capacity-by-pcn', targets: 'targets' },
    filters,
    locals.scope,
    { optional: ['pcns'] },
  );
  const england = await pageTables(
    { w: 'workforce' },
    { ...filters, area: { level: 'E', code: 'E' } },
    locals.scope,
  );
  const share = england.w.area.registeredPatients
    ? t.workforce.area.registeredPatients / england.w.area.registeredPatients
    : 1;
  const points = t.targets.rows as unknown as TargetPoint[];
  const area = formatArea(filters.area);
  // one source per month (local returns where the area has any, else NHS Digital): the dataset's rows
  const rows = t.workforce.rows.filter((r) => typeof r.fte === 'number');
  const last = rows.at(-1);
  const month = last ? String(last.month) : `${t.workforce.to}-01`;
  const fteTarget = targetAt(points, { measure: 'link_worker_fte', area, month, share });
  const per50kTarget = targetAt(points, { measure: 'link_worker_fte_per_50k', area, month, share });
  // the trajectory for every month charted, so the line shows what each month is measured against
  const trajectory = rows.flatMap((r) => {
    const at = targetAt(points, { measure: 'link_worker_fte', area, month: String(r.month), share });
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
  return {
    t,
    share,
    fteTarget,
    per50kTarget,
    trajectory,
    run: { months: run.length, from: run[0]?.month ?? null, partial },
    spc: result && { variation: result.variation, assurance: result.assurance },
  };
};
