import * as Plot from '@observablehq/plot';
import type { Row } from '#lib/table.ts';
import { defineNotebook } from './lib/notebook.ts';

/** One series per chart: NHS Digital's figures where a month has them, as the capacity page does. */
const sourceOf = (rows: Row[]) => (rows.some((r) => r.source === 'nhsd') ? 'nhsd' : String(rows[0]?.source));
const date = (m: unknown) => new Date(`${String(m)}T00:00:00Z`);

export default defineNotebook({
  slug: 'link-worker-capacity',
  title: 'Link-worker capacity against the workforce plan',
  summary:
    'Social prescribing link-worker FTE per 50,000 registered patients by ICB over time, against the Network Contract DES expectation of one link worker per PCN of about 50,000 patients, and England against the Long Term Workforce Plan trajectory.',
  async run(nb) {
    const targets = await nb.dataset('targets');
    const per50k = targets.rows.find((r) => r.measure === 'link_worker_fte_per_50k' && r.area === 'E');
    const perValue = typeof per50k?.value === 'number' ? per50k.value : null;
    nb.md(`
      Workforce figures are published statistics (NHS Digital's PCN workforce files, or services'
      own returns where a PCN sends them) and are shown as they are: they count staff, not patients.
      ${perValue === null ? '' : `The reference line is **${perValue} FTE per 50,000 patients** (${String(per50k?.title ?? 'Network Contract DES')}).`}
    `);
    const england = await nb.dataset('workforce');
    const byIcb = await nb.dataset('workforce-by-area');
    const source = sourceOf(byIcb.rows);
    const inSource = (r: Row) => r.source === source && r.fte_per_50k !== null;
    nb.figure(
      `Link-worker FTE per 50,000 registered patients by ICB (source: ${source})`,
      byIcb,
      (rows, document) =>
        Plot.plot({
          document,
          width: 720,
          height: 340,
          marginLeft: 48,
          x: { type: 'utc', label: null },
          y: { label: 'FTE per 50,000 patients', grid: true, zero: true },
          marks: [
            ...(perValue === null
              ? []
              : [Plot.ruleY([perValue], { stroke: '#d55e00', strokeDasharray: '4,3' })]),
            Plot.line(rows, {
              x: (d) => date(d.month),
              y: 'fte_per_50k',
              z: 'code',
              stroke: '#768692',
              strokeWidth: 1,
            }),
          ],
        }),
      {
        rows: inSource,
        caption: perValue === null ? undefined : `Dashed line: ${perValue} FTE per 50,000 patients.`,
      },
    );
    const latest = byIcb.rows
      .filter(inSource)
      .reduce((m, r) => (String(r.month) > m ? String(r.month) : m), '');
    nb.table(byIcb, {
      title: `Capacity by ICB, ${latest.slice(0, 7)} (source: ${source})`,
      columns: ['name', 'headcount', 'fte', 'registered_patients', 'fte_per_50k'],
      rows: (r) => inSource(r) && r.month === latest,
    });

    nb.md(`
      ## England against the Long Term Workforce Plan

      The plan's trajectory runs from about 3,000 social prescribers in 2023 to 9,000 by 2036/37.
    `);
    const englandSource = sourceOf(england.rows);
    const trajectory = targets.rows.filter((r) => r.measure === 'link_worker_fte' && r.area === 'E');
    nb.figure(
      `Link-worker FTE in England (line, source: ${englandSource}) against the plan (diamonds)`,
      england,
      (rows, document) =>
        Plot.plot({
          document,
          width: 720,
          height: 300,
          marginLeft: 56,
          x: { type: 'utc', label: null },
          y: { label: 'FTE', grid: true, zero: true },
          marks: [
            Plot.line(rows, { x: (d) => date(d.month), y: 'fte', stroke: '#005eb8', strokeWidth: 2 }),
            Plot.dot(trajectory, {
              x: (d) => date(d.due_date),
              y: 'value',
              stroke: '#d55e00',
              symbol: 'diamond',
            }),
          ],
        }),
      { rows: (r) => r.source === englandSource },
    );
    nb.table(england, { title: 'England by month' });
    nb.table(targets, {
      title: 'The workforce targets',
      columns: ['title', 'value', 'due_date', 'is_trajectory', 'source'],
      rows: (r) => r.area === 'E' && String(r.measure).startsWith('link_worker'),
    });
  },
});
