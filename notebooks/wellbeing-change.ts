import * as Plot from '@observablehq/plot';
import { instrumentChange, wilsonInterval } from '#lib/stats/index.ts';
import { defineNotebook, disclose, type Column } from './lib/notebook.ts';
import { GROUPS } from './lib/period.ts';

interface Pair {
  instrument: string;
  measure: string;
  higher_is_better: boolean;
  group: string;
  score_before: number;
  score_after: number;
  people: number;
}

const COLUMNS: Column<Record<string, unknown>>[] = [
  { key: 'measure', label: 'Instrument and measure', kind: 'dim' },
  { key: 'dimension', label: 'Grouped by', kind: 'dim' },
  { key: 'group', label: 'Group', kind: 'dim' },
  { key: 'n', label: 'People (paired)', kind: 'count' },
  { key: 'mean_before', label: 'Mean before', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_after', label: 'Mean after', kind: 'value', base: 'n', digits: 2 },
  { key: 'mean_change', label: 'Mean change', kind: 'value', base: 'n', digits: 2 },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 2 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 2 },
  {
    key: 'share_improved',
    label: 'Meaningful improvement',
    kind: 'value',
    base: 'n',
    percent: true,
    digits: 0,
  },
];

const COMPLETENESS: Column<Record<string, unknown>>[] = [
  { key: 'instrument', label: 'Instrument', kind: 'dim' },
  { key: 'engaged', label: 'Engaged referrals', kind: 'count' },
  { key: 'with_baseline', label: 'With baseline', kind: 'count' },
  { key: 'with_follow_up', label: 'With follow-up', kind: 'count' },
  { key: 'paired', label: 'Paired', kind: 'count' },
  {
    key: 'completeness',
    label: 'Paired / with baseline',
    kind: 'value',
    base: 'with_baseline',
    percent: true,
    digits: 0,
  },
  { key: 'lower', label: '95% CI lower', kind: 'value', base: 'with_baseline', percent: true, digits: 0 },
  { key: 'upper', label: '95% CI upper', kind: 'value', base: 'with_baseline', percent: true, digits: 0 },
];

export default defineNotebook({
  slug: 'wellbeing-change',
  title: 'Does wellbeing improve, and for whom',
  summary:
    'Paired change in wellbeing (before and after social prescribing, the same people) by deprivation, age, sex, ethnic group and referral route, with 95% intervals, and how complete follow-up is.',
  async run(nb) {
    nb.md(`
      ## Follow-up completeness first

      A change can only be measured for people with both a baseline and a follow-up. When few of
      those with a baseline are followed up, the change below describes a selected group: read it with
      this table. The interval is a 95% Wilson interval on the disclosed counts.
    `);
    const completeness = await nb.query(
      `select instrument, sum(engaged_referrals)::INTEGER as engaged, sum(with_baseline)::INTEGER as with_baseline,
              sum(with_follow_up)::INTEGER as with_follow_up, sum(paired)::INTEGER as paired
       from marts.outcome_completeness group by instrument order by instrument`,
    );
    const shownCompleteness = disclose(completeness, {
      columns: COMPLETENESS,
      tableBy: (r) => String(r.instrument),
      derive: (r) => {
        const p = r.paired;
        const b = r.with_baseline;
        if (typeof p !== 'number' || typeof b !== 'number' || b === 0 || p > b)
          return { completeness: null, lower: null, upper: null };
        const w = wilsonInterval(p, b);
        return { completeness: w.value, lower: w.lower, upper: w.upper };
      },
    });
    nb.table('Follow-up completeness by instrument (all months)', shownCompleteness, COMPLETENESS);

    nb.md(`
      ## Paired change by group

      Mean change (after − before) on the same people with a 95% t interval, and the share whose
      change is at least the instrument's meaningful change. Groups with fewer than 8 people paired
      show no statistics.
    `);
    const rows: Record<string, unknown>[] = [];
    for (const [column, label] of GROUPS) {
      const pairs = await nb.query<Pair>(
        `select instrument, measure, higher_is_better, coalesce(${column}::VARCHAR, 'unknown') as "group",
                score_before::DOUBLE as score_before, score_after::DOUBLE as score_after, sum(people)::INTEGER as people
         from marts.outcome_pairs group by all`,
      );
      const groups = new Map<string, Pair[]>();
      for (const p of pairs) {
        const k = `${p.instrument} ${p.measure}\u0000${p.group}`;
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      for (const [key, g] of groups) {
        const n = g.reduce((s, p) => s + p.people, 0);
        const s = n >= 8 ? instrumentChange(g) : null;
        rows.push({
          measure: key.split('\u0000')[0],
          dimension: label,
          group: g[0].group,
          n,
          mean_before: s?.meanBefore ?? null,
          mean_after: s?.meanAfter ?? null,
          mean_change: s?.meanChange ?? null,
          lower: s?.lower ?? null,
          upper: s?.upper ?? null,
          share_improved: s?.shareImproved ?? null,
        });
      }
    }
    rows.sort(
      (a, b) =>
        String(a.measure).localeCompare(String(b.measure)) ||
        String(a.dimension).localeCompare(String(b.dimension)) ||
        String(a.group).localeCompare(String(b.group), 'en', { numeric: true }),
    );
    const shown = disclose(rows, { columns: COLUMNS, tableBy: (r) => `${r.measure}\u0000${r.dimension}` });
    const swemwbs = shown.filter((r) => r.measure === 'SWEMWBS metric' && r.mean_change !== null);
    nb.figure(
      'SWEMWBS: mean change by group, with 95% intervals',
      (document) =>
        Plot.plot({
          document,
          width: 720,
          height: Math.max(220, swemwbs.length * 18 + 60),
          marginLeft: 210,
          x: { label: 'Mean change in SWEMWBS (metric score)', grid: true },
          y: { label: null },
          marks: [
            Plot.ruleX([0], { stroke: '#768692' }),
            Plot.ruleY(swemwbs, {
              y: (d) => `${d.dimension}: ${d.group}`,
              x1: 'lower',
              x2: 'upper',
              stroke: '#005eb8',
            }),
            Plot.dot(swemwbs, { y: (d) => `${d.dimension}: ${d.group}`, x: 'mean_change', fill: '#005eb8' }),
          ],
        }),
      'A meaningful change on SWEMWBS is about 3 points; an interval crossing 0 is not evidence of change.',
    );
    nb.table('Paired change by instrument, measure and group (all months)', shown, COLUMNS);
  },
});
