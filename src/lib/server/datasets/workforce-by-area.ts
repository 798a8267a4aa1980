import type { Dataset } from '#lib/server/dataset.ts';

const LINK_WORKER = 'social_prescribing_link_worker';

/**
 * Link workers per month in each area one level down, as `compare` breaks areas down (ICBs in
 * England or a region, PCNs in an ICB or sub-ICB location): the ICB series of the capacity
 * notebook. Workforce figures are published staff counts (`staff`), not people, so they are shown
 * as they are; the rows are still capped to the areas the user may see one by one.
 */
export const workforceByArea: Dataset = {
  id: 'workforce-by-area',
  title: 'Link workers per month by area',
  description:
    'Social prescribing link workers in post (headcount and FTE) per month, source and area one level down (ICBs in England or a region, PCNs in an ICB or sub-ICB location), with registered patients and FTE per 50,000.',
  parameters: ['area', 'format'],
  indicator: 'link-worker-fte',
  source: 'marts.workforce_areas_monthly, marts.areas',
  breakdown: 'child',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'source', label: 'Source', kind: 'dim' },
    { key: 'level', label: 'Level', kind: 'dim' },
    { key: 'code', label: 'Code', kind: 'dim' },
    { key: 'name', label: 'Area', kind: 'dim' },
    { key: 'headcount', label: 'Headcount', kind: 'staff' },
    { key: 'fte', label: 'FTE', kind: 'staff', digits: 1 },
    { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
    { key: 'fte_per_50k', label: 'FTE per 50,000 patients', kind: 'staff', digits: 2 },
  ],
  async query(ctx) {
    const level = ctx.area.level === 'E' || ctx.area.level === 'REGION' ? 'ICB' : 'PCN';
    const code = level === 'ICB' ? 'icb_code' : 'pcn_code';
    const name = level === 'ICB' ? 'icb_name' : 'pcn_name';
    // PCN rows only where the user may see PCNs; ICB rows wherever they may open the area
    const pcns = level === 'PCN' ? ctx.detailPcns() : ctx.pcns();
    // registered patients as the area's own figure is made (registry resolveArea: every row of
    // marts.areas for the area), so England's row in `workforce` is the sum of these
    const patients = await ctx.db
      .selectFrom('marts.areas')
      .select((eb) => [
        eb.ref(code).as('code'),
        eb.fn.max(name).as('name'),
        eb.fn.sum<number>('registered_patients').as('patients'),
      ])
      .where('pcn_code', 'in', pcns)
      .groupBy(code)
      .execute();
    const byCode = new Map(patients.map((p) => [String(p.code), p]));
    // each area's own row: NHS Digital counts headcount as distinct staff at each level, so a PCN's
    // people do not add up to its ICB's (issue 12); FTE does
    const staff = byCode.size
      ? await ctx.db
          .selectFrom('marts.workforce_areas_monthly')
          .select(['month', 'source', 'area_code as code', 'headcount', 'fte'])
          .where('area_level', '=', level)
          .where('area_code', 'in', [...byCode.keys()])
          .where('staff_role', '=', LINK_WORKER)
          .orderBy('month')
          .orderBy('source')
          .orderBy('area_code')
          .execute()
      : [];
    return staff
      .filter((r) => r.code !== null)
      .map((r) => {
        const p = byCode.get(String(r.code));
        const pop = Number(p?.patients ?? 0);
        return {
          month: r.month,
          source: r.source,
          level,
          code: r.code as string,
          name: (p?.name as string | null | undefined) ?? null,
          headcount: r.headcount,
          fte: Math.round(r.fte * 1e6) / 1e6,
          registered_patients: pop || null,
          fte_per_50k: pop > 0 ? (r.fte / pop) * 50000 : null,
        };
      });
  },
};
