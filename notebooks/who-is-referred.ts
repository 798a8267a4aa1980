import * as Plot from '@observablehq/plot';
import { defineNotebook } from './lib/notebook.ts';

const IMD = 'IMD decile (1 = most deprived)';

export default defineNotebook({
  slug: 'who-is-referred',
  title: 'Who is referred and who is missed',
  summary:
    'Referrals in England by deprivation (IMD decile), age, sex, ethnic group and referral route, and the referral rate by ICB: where social prescribing reaches, and where it may not.',
  async run(nb) {
    const equity = await nb.dataset('equity');
    nb.md(`
      ## Referrals by group, ${equity.from} to ${equity.to}

      Each group's share of all referrals grouped that way. If referrals followed need, the most
      deprived deciles would hold more than a tenth each; a share well under a tenth in decile 1–2 is
      a sign people are being **missed**.
    `);
    nb.figure(
      'Share of referrals by IMD decile (1 = most deprived)',
      equity,
      (rows, document) =>
        Plot.plot({
          document,
          width: 720,
          height: 300,
          marginLeft: 48,
          x: { label: 'IMD decile', type: 'band', domain: rows.map((d) => String(d.group)) },
          y: { label: 'Share of referrals (%)', grid: true, percent: true },
          marks: [
            Plot.barY(rows, { x: 'group', y: 'share', fill: '#005eb8' }),
            Plot.ruleY([0.1], { stroke: '#d55e00', strokeDasharray: '4,3' }),
          ],
        }),
      {
        rows: (r) => r.dimension === IMD && r.group !== 'unknown' && r.share !== null,
        caption: 'Dashed line: an even tenth per decile. Deciles whose count is suppressed are left out.',
      },
    );
    nb.table(equity, { title: 'Referrals by group' });

    const compare = await nb.dataset('compare');
    nb.md(`
      ## Referral rate by ICB

      Referrals per 1,000 registered patients a year (current practice list sizes), with 95% Byar's
      intervals, against England's rate. Low rates point to places where people who could benefit
      are not being referred.
    `);
    nb.figure(
      'Referrals per 1,000 registered patients a year by ICB, with 95% intervals',
      compare,
      (rows, document) =>
        Plot.plot({
          document,
          width: 720,
          height: Math.max(200, rows.length * 14),
          marginLeft: 300,
          x: { label: 'Referrals per 1,000 patients a year', grid: true },
          y: { label: null, domain: rows.map((r) => String(r.name)) },
          marks: [
            Plot.ruleX(rows.slice(0, 1), { x: 'benchmark', stroke: '#d55e00', strokeDasharray: '4,3' }),
            Plot.ruleY(rows, { y: 'name', x1: 'lower', x2: 'upper', stroke: '#212b32' }),
            Plot.dot(rows, { x: 'rate', y: 'name', fill: '#005eb8' }),
          ],
        }),
      { rows: (r) => r.rate !== null, caption: 'Dashed line: England.' },
    );
    nb.table(compare, {
      title: 'Referral rate by ICB',
      columns: ['name', 'referrals', 'registered_patients', 'rate', 'lower', 'upper', 'significance'],
    });
  },
});
