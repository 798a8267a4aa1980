import * as Plot from '@observablehq/plot';
import { wilsonInterval } from '#lib/stats/index.ts';
import { defineNotebook, disclose, type Column } from './lib/notebook.ts';
import { GROUPS, latestYear } from './lib/period.ts';

interface GroupRow extends Record<string, unknown> {
  dimension: string;
  group: string;
  referrals: number;
  share: number | null;
  lower: number | null;
  upper: number | null;
}

const COLUMNS: Column<GroupRow>[] = [
  { key: 'dimension', label: 'Grouped by', kind: 'dim' },
  { key: 'group', label: 'Group', kind: 'dim' },
  { key: 'referrals', label: 'Referrals', kind: 'count' },
  { key: 'share', label: 'Share of referrals', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'referrals', percent: true, digits: 1 },
];

export default defineNotebook({
  slug: 'who-is-referred',
  title: 'Who is referred and who is missed',
  summary:
    'Referrals in England by deprivation (IMD decile), age, sex, ethnic group and referral route, and the referral rate by ICB: where social prescribing reaches, and where it may not.',
  async run(nb) {
    const period = await latestYear(nb);
    nb.md(`
      ## Referrals by group, ${period.label}

      Each group's share of all referrals, with a 95% Wilson interval computed from the disclosed
      (rounded) counts. If referrals followed need, the most deprived deciles would hold more than a
      tenth each; a share well under a tenth in decile 1–2 is a sign people are being **missed**.
    `);
    const rows: GroupRow[] = [];
    for (const [column, label] of GROUPS) {
      const counts = await nb.query<{ group: string | null; referrals: number }>(
        `select ${column}::VARCHAR as "group", sum(referrals)::INTEGER as referrals from marts.referrals_monthly
         where month between ?::DATE and ?::DATE group by all`,
        [period.from, period.to],
      );
      counts.sort((a, b) =>
        String(a.group ?? 'unknown').localeCompare(String(b.group ?? 'unknown'), 'en', { numeric: true }),
      );
      for (const c of counts)
        rows.push({
          dimension: label,
          group: c.group ?? 'unknown',
          referrals: c.referrals,
          share: null,
          lower: null,
          upper: null,
        });
    }
    const totals = new Map<string, number>();
    const shown = disclose(rows, {
      columns: COLUMNS,
      tableBy: (r) => r.dimension,
    });
    for (const r of shown)
      totals.set(String(r.dimension), (totals.get(String(r.dimension)) ?? 0) + Number(r.referrals ?? 0));
    for (const r of shown) {
      const n = r.referrals;
      const total = totals.get(String(r.dimension)) ?? 0;
      if (typeof n === 'number' && total > 0) {
        const w = wilsonInterval(n, total);
        Object.assign(r, { share: w.value, lower: w.lower, upper: w.upper });
      }
    }
    const imd = shown.filter(
      (r) => r.dimension === GROUPS[0][1] && r.group !== 'unknown' && r.share !== null,
    );
    nb.figure(
      'Share of referrals by IMD decile (1 = most deprived), with 95% intervals',
      (document) =>
        Plot.plot({
          document,
          width: 720,
          height: 300,
          marginLeft: 48,
          x: { label: 'IMD decile', type: 'band', domain: imd.map((d) => d.group) },
          y: { label: 'Share of referrals (%)', grid: true, percent: true },
          marks: [
            Plot.barY(imd, { x: 'group', y: 'share', fill: '#005eb8' }),
            Plot.ruleY([0.1], { stroke: '#d55e00', strokeDasharray: '4,3' }),
            Plot.ruleX(imd, { x: 'group', y1: 'lower', y2: 'upper', stroke: '#212b32' }),
          ],
        }),
      'Dashed line: an even tenth per decile. Suppressed deciles are left out.',
    );
    nb.table(
      'Referrals by group',
      shown,
      COLUMNS,
      'Shares are of all referrals in the grouping, from rounded counts.',
    );

    nb.md(`
      ## Referral rate by ICB

      Referrals in the twelve months per 1,000 registered patients (current practice list sizes). Low
      rates point to places where people who could benefit are not being referred.
    `);
    const icbs = await nb.query<{ icb_code: string; icb_name: string; referrals: number; patients: number }>(
      `with pts as (select icb_code, any_value(icb_name) as icb_name, sum(registered_patients)::BIGINT as patients
                    from marts.areas where is_current group by icb_code),
            refs as (select a.icb_code, sum(r.referrals)::INTEGER as referrals from marts.referrals_monthly r
                     join marts.areas a using (pcn_code) where r.month between ?::DATE and ?::DATE group by all)
       select pts.icb_code, pts.icb_name, coalesce(refs.referrals, 0)::INTEGER as referrals, pts.patients::DOUBLE as patients
       from pts left join refs using (icb_code) order by pts.icb_name`,
      [period.from, period.to],
    );
    const icbColumns: Column<{ icb_name: string; referrals: number; patients: number; rate: number }>[] = [
      { key: 'icb_name', label: 'ICB', kind: 'dim' },
      { key: 'referrals', label: 'Referrals', kind: 'count' },
      { key: 'patients', label: 'Registered patients', kind: 'population' },
      { key: 'rate', label: 'Referrals per 1,000 patients', kind: 'value', base: 'referrals', digits: 2 },
    ];
    const icbShown = disclose(
      icbs.map((r) => ({ ...r, rate: 0 })),
      {
        columns: icbColumns,
        derive: (r) => ({
          rate:
            typeof r.referrals === 'number' && Number(r.patients) > 0
              ? (r.referrals / Number(r.patients)) * 1000
              : null,
        }),
      },
    );
    nb.figure('Referrals per 1,000 registered patients by ICB', (document) =>
      Plot.plot({
        document,
        width: 720,
        height: Math.max(200, icbShown.length * 14),
        marginLeft: 300,
        x: { label: 'Referrals per 1,000 patients', grid: true },
        y: { label: null },
        marks: [
          Plot.barX(
            icbShown.filter((r) => r.rate !== null),
            { x: 'rate', y: 'icb_name', fill: '#005eb8', sort: { y: 'x' } },
          ),
        ],
      }),
    );
    nb.table('Referral rate by ICB', icbShown, icbColumns);
  },
});
