import * as Plot from '@observablehq/plot';
import { defineNotebook, disclose, type Column } from './lib/notebook.ts';

const COLUMNS: Column<Record<string, unknown>>[] = [
  { key: 'icb_name', label: 'ICB', kind: 'dim' },
  { key: 'fte', label: 'Link-worker FTE', kind: 'staff', digits: 1 },
  { key: 'patients', label: 'Registered patients', kind: 'population' },
  { key: 'fte_per_50k', label: 'FTE per 50,000 patients', kind: 'staff', digits: 2 },
  { key: 'pcns_below', label: 'PCNs under 1 FTE per 50,000', kind: 'staff', digits: 0 },
];

export default defineNotebook({
  slug: 'link-worker-capacity',
  title: 'Link-worker capacity against the workforce plan',
  summary:
    'Social prescribing link-worker FTE per 50,000 registered patients by ICB over time, against the Network Contract DES expectation of one link worker per PCN of about 50,000 patients, and England against the Long Term Workforce Plan trajectory.',
  async run(nb) {
    const [target] = await nb.query<{ value: number | null; title: string | null }>(
      `select max(value)::DOUBLE as value, any_value(title) as title from marts.targets
       where measure = 'link_worker_fte_per_50k' and area_type = 'england'`,
    );
    const per50k = target?.value ?? 1;
    nb.md(`
      Workforce figures are published statistics (NHS Digital's PCN workforce files, or services'
      own returns where a PCN sends them) and are shown as they are: they count staff, not patients.
      The reference line is **${per50k} FTE per 50,000 patients** (${target?.title ?? 'Network Contract DES'}).
    `);
    const byIcb = await nb.query<{
      month: string;
      icb_code: string;
      icb_name: string;
      fte: number;
      patients: number;
      fte_per_50k: number;
      pcns_below: number;
    }>(
      `select strftime(c.month, '%Y-%m-%d') as month, a.icb_code, any_value(a.icb_name) as icb_name,
              sum(c.link_worker_fte)::DOUBLE as fte, sum(c.registered_patients)::DOUBLE as patients,
              (sum(c.link_worker_fte) / nullif(sum(c.registered_patients), 0) * 50000)::DOUBLE as fte_per_50k,
              count(*) filter (where coalesce(c.fte_per_50k_patients, 0) < ?)::INTEGER as pcns_below
       from marts.capacity_monthly c join marts.areas a using (pcn_code)
       where a.is_current group by all order by month, icb_name`,
      [per50k],
    );
    const series = disclose(byIcb, {
      columns: [
        { key: 'month', label: 'Month', kind: 'dim' },
        { key: 'icb_name', label: 'ICB', kind: 'dim' },
        ...COLUMNS.slice(1),
      ],
    });
    const national = new Map<string, { fte: number; patients: number }>();
    for (const r of byIcb) {
      const n = national.get(r.month) ?? { fte: 0, patients: 0 };
      national.set(r.month, { fte: n.fte + r.fte, patients: n.patients + r.patients });
    }
    const england = disclose(
      [...national].map(([month, n]) => ({
        month,
        icb_name: 'England',
        fte: n.fte,
        patients: n.patients,
        fte_per_50k: (n.fte / n.patients) * 50000,
      })),
      { columns: [{ key: 'month', label: 'Month', kind: 'dim' }, ...COLUMNS.slice(0, 4)] },
    );
    const date = (m: unknown) => new Date(`${String(m)}T00:00:00Z`);
    nb.figure(
      'Link-worker FTE per 50,000 registered patients, by ICB (grey) and England (blue)',
      (document) =>
        Plot.plot({
          document,
          width: 720,
          height: 340,
          marginLeft: 48,
          x: { type: 'utc', label: null },
          y: { label: 'FTE per 50,000 patients', grid: true, zero: true },
          marks: [
            Plot.ruleY([per50k], { stroke: '#d55e00', strokeDasharray: '4,3' }),
            Plot.line(series, {
              x: (d) => date(d.month),
              y: 'fte_per_50k',
              z: 'icb_name',
              stroke: '#aeb7bd',
              strokeWidth: 1,
            }),
            Plot.line(england, {
              x: (d) => date(d.month),
              y: 'fte_per_50k',
              stroke: '#005eb8',
              strokeWidth: 3,
            }),
          ],
        }),
      `Dashed line: ${per50k} FTE per 50,000 patients.`,
    );
    const latest = byIcb.reduce((m, r) => (r.month > m ? r.month : m), '');
    nb.table(
      `Capacity by ICB, ${latest.slice(0, 7)} (lowest first)`,
      series.filter((r) => r.month === latest).sort((a, b) => Number(a.fte_per_50k) - Number(b.fte_per_50k)),
      COLUMNS,
      'Registered patients: the current practices’ list sizes for the financial year of the month.',
    );

    const trajectory = await nb.query<{ due_date: string; value: number; title: string }>(
      `select strftime(due_date, '%Y-%m-%d') as due_date, value::DOUBLE as value, title from marts.targets
       where measure = 'link_worker_fte' and area_type = 'england' order by due_date`,
    );
    nb.md(`
      ## England against the Long Term Workforce Plan

      The plan's trajectory runs from about 3,000 social prescribers in 2023 to 9,000 by 2036/37.
    `);
    const actual = england.map((r) => ({ date: date(r.month), fte: r.fte }));
    nb.figure('Link-worker FTE in England (line) against the plan trajectory (dots)', (document) =>
      Plot.plot({
        document,
        width: 720,
        height: 300,
        marginLeft: 56,
        x: { type: 'utc', label: null },
        y: { label: 'FTE', grid: true, zero: true },
        marks: [
          Plot.line(actual, { x: 'date', y: 'fte', stroke: '#005eb8', strokeWidth: 2 }),
          Plot.dot(trajectory, {
            x: (d) => date(d.due_date),
            y: 'value',
            stroke: '#d55e00',
            symbol: 'diamond',
          }),
        ],
      }),
    );
    nb.table('England by month', england, [
      { key: 'month', label: 'Month', kind: 'dim' },
      ...COLUMNS.slice(1, 4),
    ]);
  },
});
