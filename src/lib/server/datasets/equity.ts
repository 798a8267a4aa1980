import { instrumentChange, slopeIndexOfInequality } from '#lib/stats/index.ts';
import { sum } from '#lib/sum.ts';
import type { Dataset, Row } from '../dataset.ts';
import { PAIR_COLUMNS, pairsQuery } from './outcomes.ts';
import { AREA_PERIOD, GROUPS, groupBy, num, share, sumPerCell } from './shared.ts';

export const equity: Dataset = {
  id: 'equity',
  title: 'Referrals by group',
  description:
    'Referrals by IMD decile, age band, sex, ethnic group and route, with each group’s share of the referrals grouped that way (from the rounded counts).',
  parameters: [...AREA_PERIOD],
  indicator: 'equity',
  source: 'marts.referrals_monthly',
  cells: true,
  columns: [
    { key: 'dimension', label: 'Grouped by', kind: 'dim' },
    { key: 'group', label: 'Group', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'share', label: 'Share of referrals', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  ],
  derive(row, _ctx, rows) {
    const total = sum(rows.filter((r) => r.dimension === row.dimension).map((r) => num(r.referrals) ?? 0));
    return { share: share(row.referrals, total) };
  },
  async query(ctx) {
    const out: Row[] = [];
    for (const [column, label] of GROUPS) {
      const rows = await sumPerCell(
        ctx,
        'marts.referrals_monthly',
        { group: column },
        { referrals: 'referrals' },
      );
      rows.sort((a, b) =>
        String(a.group ?? 'unknown').localeCompare(String(b.group ?? 'unknown'), 'en', { numeric: true }),
      );
      for (const r of rows)
        out.push({
          dimension: label,
          group: String(r.group ?? 'unknown'),
          cell: r.cell ?? null,
          referrals: r.referrals,
        });
    }
    return out;
  },
};

/** IMD deciles: the slope index needs all of them (phe_sii requires every quantile). */
const IMD_DECILES = 10;
/** Fewest paired people in a decile for its mean change to enter the slope index (a mean on fewer is not shown). */
const SII_MIN_PEOPLE = 8;

export const inequality: Dataset = {
  id: 'inequality',
  title: 'Slope index of inequality in wellbeing change',
  description:
    'Slope index of inequality (SII) of the paired mean change across IMD deciles (decile 1 most deprived), per instrument and measure: the modelled gap in mean change between the most and least deprived, by the method of PHEindicatormethods phe_sii (95% CI). As phe_sii requires, every decile must be there: the SII is shown only when all 10 deciles have at least 8 paired people.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'equity',
  source: 'marts.outcome_pairs',
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'n', label: 'People (paired)', kind: 'count' },
    { key: 'deciles', label: 'Deciles with 8+ people', kind: 'dim' },
    { key: 'sii', label: 'SII', kind: 'value', base: 'n', digits: 2 },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'n', digits: 2 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'n', digits: 2 },
  ],
  async query(ctx) {
    const pairs = await pairsQuery(ctx)
      .select((eb) => [...PAIR_COLUMNS, 'imd_decile', eb.fn.sum<number>('people').as('people')])
      .where('imd_decile', 'is not', null)
      .groupBy([...PAIR_COLUMNS, 'imd_decile'])
      .execute();
    const out: Row[] = [];
    for (const g of groupBy(pairs, (p) => `${p.instrument}\u0000${p.measure}`).values()) {
      const deciles = [...groupBy(g, (p) => String(p.imd_decile)).values()]
        .map((d) => ({
          decile: d[0].imd_decile as number,
          s: instrumentChange(d),
          n: sum(d.map((p) => p.people)),
        }))
        .sort((a, b) => a.decile - b.decile);
      // phe_sii needs every quantile: a decile left out would move every other decile's midpoint,
      // so with any decile short of SII_MIN_PEOPLE (or without a spread to give a standard error)
      // there is no SII rather than a different one
      const usable = deciles.filter((d) => d.s && d.n >= SII_MIN_PEOPLE);
      const n = sum(deciles.map((d) => d.n));
      let sii = null;
      if (usable.length === IMD_DECILES) {
        sii = slopeIndexOfInequality(
          usable.map((d) => ({ population: d.n, value: d.s!.meanChange, se: d.s!.se })),
        );
      }
      out.push({
        instrument: g[0].instrument,
        measure: g[0].measure,
        n,
        deciles: usable.length,
        sii: sii?.sii ?? null,
        lower: sii?.lower ?? null,
        upper: sii?.upper ?? null,
      });
    }
    return out.sort((a, b) => `${a.instrument}${a.measure}`.localeCompare(`${b.instrument}${b.measure}`));
  },
};
