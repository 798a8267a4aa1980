import * as Plot from '@observablehq/plot';
import { defineNotebook } from './lib/notebook.ts';
import { INSTRUMENTS } from '#lib/stats/index.ts';

export default defineNotebook({
  slug: 'wellbeing-change',
  title: 'Does wellbeing improve, and for whom',
  summary:
    'Paired change in wellbeing (before and after social prescribing, the same people) in England, by deprivation, age, sex, ethnic group and referral route, with 95% intervals, and how complete follow-up is; and GP and hospital use after referral against matched people not referred.',
  async run(nb) {
    const outcomes = await nb.dataset('outcomes');
    nb.md(`
      ## Change in England, ${outcomes.from} to ${outcomes.to}

      Mean change (after − before) on the same people with a 95% t interval, the effect size, and the
      share whose change is at least the instrument's meaningful change: the table on the dashboard's
      Wellbeing outcomes page.
    `);
    nb.table(outcomes, { title: 'Wellbeing change in England' });

    const completeness = await nb.dataset('outcome-completeness');
    nb.md(`
      ## Follow-up completeness

      A change can only be measured for people with both a baseline and a follow-up. When few of
      those with a baseline are followed up, the change describes a selected group: read it with this
      table.
    `);
    nb.table(completeness, { title: 'Follow-up completeness by instrument' });

    const groups = await nb.dataset('outcomes-by-group', { instrument: 'SWEMWBS' });
    nb.md(`
      ## SWEMWBS change by group

      The same statistics for SWEMWBS, by group. Groups with too few people paired show no statistics.
    `);
    nb.figure(
      'SWEMWBS: mean change by group, with 95% intervals',
      groups,
      (rows, document) =>
        Plot.plot({
          document,
          width: 720,
          height: Math.max(220, rows.length * 18 + 60),
          marginLeft: 210,
          x: { label: 'Mean change in SWEMWBS (metric score)', grid: true },
          y: { label: null },
          marks: [
            Plot.ruleX([0], { stroke: '#768692' }),
            Plot.ruleY(rows, {
              y: (d) => `${d.dimension}: ${d.group}`,
              x1: 'lower',
              x2: 'upper',
              stroke: '#005eb8',
            }),
            Plot.dot(rows, { y: (d) => `${d.dimension}: ${d.group}`, x: 'mean_change', fill: '#005eb8' }),
          ],
        }),
      {
        rows: (r) => r.mean_change !== null,
        caption: swemwbsCaption(),
      },
    );
    nb.table(groups, {
      title: 'SWEMWBS change by group',
      columns: [
        'measure',
        'dimension',
        'group',
        'n',
        'mean_before',
        'mean_after',
        'mean_change',
        'lower',
        'upper',
        'share_improved',
      ],
    });

    const use = await nb.dataset('healthcare-use');
    // the window the figures were built with (SPO_HCU_WINDOW_MONTHS), as the dataset gives it
    const w = Number(use.rows.find((r) => typeof r.window_months === 'number')?.window_months ?? 6);
    nb.md(`
      ## Health-care use against a matched comparison

      Whether GP and hospital use falls after referral, per person per quarter: the referred group's
      change (mean monthly count in months +1…+${w} after the referral month minus −${w}…−1 before) minus
      that of matched people who were not referred (difference-in-differences, Welch 95% interval),
      beside the referred group's own before–after change, which includes regression to the mean
      (people are referred at a peak of need). The table on the dashboard's Health-care use page.
    `);
    nb.table(use, { title: 'Health-care use after referral, against a matched comparison, England' });

    const useByGroup = await nb.dataset('healthcare-use-by-group');
    nb.md(`
      ### By deprivation and referral reason

      The same estimate per deprivation quintile of the referral's area (IMD 2019 deciles 1–2 → 1, most
      deprived; quintiles because per-decile groups would mostly be too small to show) and per referral
      reason (a referral giving two reasons is in both groups). A matched comparison person is in the
      group of the referred person it is matched to. Shown where both groups have 8 or more people.
    `);
    nb.table(useByGroup, {
      title: 'GP appointments after referral by deprivation quintile and referral reason, England',
      rows: (r) => r.measure === 'gp_appointments',
      columns: [
        'group_type',
        'group',
        'people_referred',
        'people_comparison',
        'did_per_person_per_quarter',
        'lower',
        'upper',
        'naive_per_person_per_quarter',
      ],
    });
  },
});

/** What counts as change on SWEMWBS, from the instrument's facts (src/lib/stats/instruments.ts). */
function swemwbsCaption(): string {
  const def = INSTRUMENTS.SWEMWBS;
  const rc = def.reliableChange;
  const reliable =
    rc?.sd !== undefined
      ? `; a reliable change (RCI) needs ${(1.96 * Math.SQRT2 * rc.sd * Math.sqrt(1 - rc.reliability)).toFixed(1)}`
      : '';
  return `A meaningful change on SWEMWBS is ${def.meaningfulChange} point (its source: the Wellbeing change indicator page)${reliable}; an interval crossing 0 is not evidence of change.`;
}
