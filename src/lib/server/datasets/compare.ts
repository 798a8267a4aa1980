import { byarsInterval } from '#lib/stats/index.ts';
import { disclosureSettings, protect } from '../release/settings.ts';
import { sum } from '#lib/sum.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
import { meanLists } from './registered-patients.ts';
import { AREA_PERIOD, num } from './shared.ts';

export const compare: Dataset = {
  id: 'compare',
  title: 'Referral rates by area',
  description:
    'Referrals per 1,000 registered patients a year for the areas one level down (ICBs in England or a region, PCNs in an ICB or sub-ICB), with 95% Byar’s intervals and significance against the benchmark (the parent area’s rate). Registered patients: the mean of the area’s monthly lists over the months of the period (not today’s list).',
  parameters: [...AREA_PERIOD],
  indicator: 'referral-rate',
  source: 'marts.referrals_monthly, marts.registered_patients_monthly, marts.areas',
  breakdown: 'child',
  columns: [
    { key: 'level', label: 'Level', kind: 'dim' },
    { key: 'code', label: 'Code', kind: 'dim' },
    { key: 'name', label: 'Area', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    {
      key: 'registered_patients',
      label: 'Registered patients (mean of the period’s months)',
      kind: 'population',
    },
    {
      key: 'rate',
      label: 'Referrals per 1,000 patients a year',
      kind: 'value',
      base: 'referrals',
      digits: 1,
    },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'referrals', digits: 1 },
    { key: 'benchmark', label: 'Benchmark rate', kind: 'value', digits: 1 },
    { key: 'significance', label: 'Compared with benchmark', kind: 'dim' },
  ],
  async query(ctx) {
    const level = ctx.area.level === 'E' || ctx.area.level === 'REGION' ? 'ICB' : 'PCN';
    const code = level === 'ICB' ? 'icb_code' : 'pcn_code';
    const name = level === 'ICB' ? 'icb_name' : 'pcn_name';
    const within =
      ctx.area.level === 'PCN'
        ? ctx.db
            .selectFrom('marts.areas')
            .select('pcn_code')
            .where(
              'sub_icb_code',
              'in',
              ctx.db.selectFrom('marts.areas').select('sub_icb_code').where('pcn_code', '=', ctx.area.code),
            )
        : ctx.pcns();
    const named = await ctx.db
      .selectFrom('marts.areas')
      .select((eb) => [eb.ref(code).as('code'), eb.fn.max(name).as('name')])
      .where('pcn_code', 'in', within)
      .where('is_current', '=', true)
      .groupBy(code)
      .execute();
    // the denominator of a rate over the period: the mean of each area's monthly lists over the
    // period's months (marts.registered_patients_monthly), not today's list (issue 12)
    const lists = await meanLists(
      ctx.db,
      level,
      named.map((p) => String(p.code)),
      ctx.from,
      ctx.to,
    );
    const pops = named.map((p) => ({ ...p, pop: lists.get(String(p.code)) ?? 0 }));
    // Differencing: each row's count is a sum of protected cells at the finest level the user may
    // see (PCNs in ICBs they cover, whole ICBs elsewhere), so a row, the benchmark built from the
    // rows, and the same area's row in a coarser comparison differ only by whole protected cells.
    const cells = await ctx.db
      .selectFrom('marts.referrals_monthly as r')
      .innerJoin('marts.areas as a', 'a.pcn_code', 'r.pcn_code')
      .select((eb) => [
        eb.ref(`a.${code}`).as('code'),
        'a.icb_code',
        'r.pcn_code',
        'r.month',
        eb.fn.sum<number>('r.referrals').as('referrals'),
      ])
      .where('r.pcn_code', 'in', within)
      .where('r.month', '>=', ctx.from)
      .where('r.month', '<=', ctx.to)
      .groupBy([`a.${code}`, 'a.icb_code', 'r.pcn_code', 'r.month'])
      .execute();
    const s = disclosureSettings();
    const raw = new Map<string, { code: string; referrals: number }>();
    for (const c of cells) {
      // area × month cells, as every `cells` dataset (datasets/shared.ts cellSelect); by area only
      // in the unprotected control run
      const area = ctx.finest(c.icb_code) === 'PCN' ? `PCN:${c.pcn_code}` : `ICB:${c.icb_code}`;
      const cell = s.unprotected ? area : `${area}|${String(c.month).slice(0, 7)}`;
      const key = `${c.code}\u0000${cell}`;
      const prev = raw.get(key);
      raw.set(key, { code: String(c.code), referrals: (prev?.referrals ?? 0) + Number(c.referrals) });
    }
    // a row whose every cell is suppressed is suppressed; otherwise the sum of the cells shown
    const byCode = new Map<string, number | null>();
    for (const { code: k, referrals } of raw.values()) {
      const shown = protect(referrals, s);
      const prev = byCode.get(k) ?? null;
      byCode.set(k, shown === null ? prev : (prev ?? 0) + shown);
    }
    return pops
      .filter((p) => (p.pop ?? 0) > 0)
      .map((p) => ({
        level,
        code: p.code,
        name: p.name,
        referrals: byCode.has(String(p.code)) ? (byCode.get(String(p.code)) ?? null) : 0,
        registered_patients: p.pop,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  },
  derive(r, ctx, rows) {
    const refs = sum(rows.map((x) => num(x.referrals) ?? 0));
    const pops = sum(rows.map((x) => num(x.registered_patients) ?? 0));
    const benchmark = pops ? (refs / pops) * 1000 * yearFactor(ctx) : null;
    const rate = rateRow(r, ctx);
    const lower = num(rate.lower);
    const upper = num(rate.upper);
    const significance =
      benchmark === null || lower === null || upper === null
        ? 'not compared'
        : lower > benchmark
          ? 'higher'
          : upper < benchmark
            ? 'lower'
            : 'similar';
    return { ...rate, benchmark, significance };
  },
};

const yearFactor = (ctx: Context) => 12 / ctx.months;

/** Rate per 1,000 a year from the protected count; Byar's interval; significance vs benchmark. */
function rateRow(r: Row, ctx: Context): Row {
  const count = num(r.referrals);
  const pop = num(r.registered_patients);
  if (count === null || !pop) return { rate: null, lower: null, upper: null };
  const k = (1000 / pop) * yearFactor(ctx);
  const ci = byarsInterval(count);
  return {
    rate: count * k,
    lower: ci.lower * k,
    upper: ci.upper * k,
  };
}
