import { sql } from 'kysely';
import {
  MONTHS_PER_QUARTER,
  differenceInDifferences,
  naiveChange,
  type ChangeSummary,
} from '#lib/stats/index.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
import { disclosureSettings } from '../release/settings.ts';
import { cellGroup, cellSelect, inAreaAndPeriod, num } from './shared.ts';

/**
 * Health-care use before and after referral against matched comparisons (issue 15; the method is
 * src/lib/stats/difference-in-differences.ts, the definition docs/methods.md "Health-care use").
 * As for wellbeing change (outcomes.ts): the means and SDs of the per-person changes come from
 * every person in the area (hidden inputs, never released); the people of each cohort are counted
 * per cell and protected; the estimates and intervals are derived from the PROTECTED counts, so an
 * interval's width gives back only the n shown. Values per person per quarter to 1 decimal: a mean
 * of m people's changes lies on a grid of 3/(w·m) a quarter (each change a multiple of 1/w a
 * month, w the window's months, SPO_HCU_WINDOW_MONTHS ≥ 4), finer than 0.1 for every m ≥ 8, so
 * the rounded value fits every count a shown count could be (docs/security.md).
 */

export const HEALTHCARE_MEASURES = {
  gp_appointments: 'GP appointments',
  ae_attendances: 'A&E attendances',
  emergency_admissions: 'Emergency admissions',
} as const;

const perQuarter = (key: string, label: string, base: string) =>
  ({ key, label, kind: 'value', base, digits: 1 }) as const;
const hiddenInput = (key: string, label: string, base: string) =>
  ({ key, label, kind: 'value', base, digits: 6, hidden: true }) as const;

const COLUMNS = [
  { key: 'measure', label: 'Measure', kind: 'dim' },
  // the window the warehouse was built with (SPO_HCU_WINDOW_MONTHS): a setting, not data
  { key: 'window_months', label: 'Months in each window', kind: 'dim' },
  { key: 'people_referred', label: 'People referred', kind: 'count' },
  { key: 'people_comparison', label: 'Matched comparison people', kind: 'count' },
  perQuarter(
    'did_per_person_per_quarter',
    'Change vs comparison (per person per quarter)',
    'people_referred',
  ),
  perQuarter('lower', '95% CI lower (Welch)', 'people_referred'),
  perQuarter('upper', '95% CI upper (Welch)', 'people_referred'),
  perQuarter(
    'naive_per_person_per_quarter',
    'Before–after change of the referred, uncontrolled (includes regression to the mean)',
    'people_referred',
  ),
  perQuarter('naive_lower', 'Uncontrolled 95% CI lower', 'people_referred'),
  perQuarter('naive_upper', 'Uncontrolled 95% CI upper', 'people_referred'),
  perQuarter(
    'comparison_per_person_per_quarter',
    'Before–after change of the comparison',
    'people_comparison',
  ),
  hiddenInput('mean_change_referred', 'Mean change a month, referred', 'people_referred'),
  hiddenInput('sd_change_referred', 'SD of the changes, referred', 'people_referred'),
  hiddenInput('mean_change_comparison', 'Mean change a month, comparison', 'people_comparison'),
  hiddenInput('sd_change_comparison', 'SD of the changes, comparison', 'people_comparison'),
] as const satisfies Dataset['columns'];

interface CohortSums {
  measure: string;
  cohort: string;
  people: number;
  window_months: number;
  sum_change: number;
  sum_change_squares: number;
  group_type?: string;
  group_value?: string;
  cell?: string | null;
}

/** Mean and SD (n − 1) of a cohort's changes from its sums; SD null on fewer than 2 people. */
function meanSd(s: CohortSums | undefined): { mean: number | null; sd: number | null } {
  if (!s || s.people < 1) return { mean: null, sd: null };
  const mean = s.sum_change / s.people;
  const variance =
    s.people < 2 ? null : Math.max(0, (s.sum_change_squares - s.people * mean * mean) / (s.people - 1));
  return { mean, sd: variance === null ? null : Math.sqrt(variance) };
}

/** A cohort's summary rebuilt from its mean, SD and the PROTECTED n shown (as meanInterval does). */
function shownSummary(mean: unknown, sd: unknown, n: unknown): ChangeSummary | null {
  const m = num(mean);
  const s = num(sd);
  const people = num(n);
  if (m === null || s === null || people === null || people < disclosureSettings().minN) return null;
  return { n: people, sum: m * people, sumSquares: (people - 1) * s * s + people * m * m };
}

/** The estimates from the protected counts (derive): per person per quarter. */
export function deriveHealthcareUse(r: Row): Row {
  const referred = shownSummary(r.mean_change_referred, r.sd_change_referred, r.people_referred);
  const comparison = shownSummary(r.mean_change_comparison, r.sd_change_comparison, r.people_comparison);
  const did = referred && comparison ? differenceInDifferences(referred, comparison) : null;
  const naive = referred ? naiveChange(referred) : null;
  const q = (x: number | undefined) => (x === undefined ? null : x * MONTHS_PER_QUARTER);
  return {
    did_per_person_per_quarter: q(did?.estimate),
    lower: q(did?.lower),
    upper: q(did?.upper),
    naive_per_person_per_quarter: q(naive?.estimate),
    naive_lower: q(naive?.lower),
    naive_upper: q(naive?.upper),
    comparison_per_person_per_quarter: comparison ? q(comparison.sum / comparison.n) : null,
  };
}

/** The marts cohort sums come from: overall, or by group (its rows also carry group_type and group_value). */
type UseMart = 'marts.healthcare_use' | 'marts.healthcare_use_by_group';

/**
 * The cohorts' sums for the area and period (index months in it), per measure (and group, for the
 * by-group mart), and per cell if asked.
 */
function cohortSums(ctx: Context, mart: UseMart, perCell: boolean): Promise<CohortSums[]> {
  const byGroup = mart === 'marts.healthcare_use_by_group';
  const keys = ['measure', 'cohort', ...(byGroup ? ['group_type', 'group_value'] : [])];
  return inAreaAndPeriod(ctx, mart)
    .select((eb) => [
      ...keys.map((k) => sql.ref<string>(k).as(k)),
      ...(perCell ? cellSelect(ctx, mart.replace(/^marts\./, '')) : []),
      eb.fn.sum<number>('people').as('people'),
      eb.fn.max<number>('window_months').as('window_months'),
      eb.fn.sum<number>('sum_change').as('sum_change'),
      eb.fn.sum<number>('sum_change_squares').as('sum_change_squares'),
    ])
    .groupBy([...keys.map((k) => sql.ref(k)), ...(perCell ? cellGroup(ctx) : [])])
    .execute() as unknown as Promise<CohortSums[]>;
}

/**
 * The rows of a health-care use dataset: per measure (× group) and cell, the protected counts'
 * inputs (people per cohort in the cell) beside the area's means and SDs of the changes (hidden).
 */
async function useRows(ctx: Context, mart: UseMart): Promise<Row[]> {
  const area = await cohortSums(ctx, mart, false);
  const cells = await cohortSums(ctx, mart, true);
  const keyOf = (c: CohortSums) => JSON.stringify([c.measure, c.group_type ?? null, c.group_value ?? null]);
  const out: Row[] = [];
  for (const measure of Object.keys(HEALTHCARE_MEASURES)) {
    const mine = cells.filter((c) => c.measure === measure);
    // groups in a stable order: group type, then numerically (quintiles 1–5), unknown last
    const keys = [...new Set(mine.map(keyOf))].sort((a, b) => {
      const [, ta, ga] = JSON.parse(a) as [string, string | null, string | null];
      const [, tb, gb] = JSON.parse(b) as [string, string | null, string | null];
      const rank = (g: string | null) => (g === 'unknown' ? 1 : 0);
      return (
        String(ta).localeCompare(String(tb)) ||
        rank(ga) - rank(gb) ||
        String(ga).localeCompare(String(gb), 'en', { numeric: true })
      );
    });
    for (const key of keys) {
      const ofKey = (c: CohortSums) => keyOf(c) === key;
      const inArea = area.filter(ofKey);
      const r = meanSd(inArea.find((a) => a.cohort === 'referred'));
      const c = meanSd(inArea.find((a) => a.cohort === 'comparison'));
      const first = inArea[0] ?? mine.find(ofKey)!;
      const row: Row = {
        measure,
        ...(first.group_type === undefined ? {} : { group_type: first.group_type, group: first.group_value }),
        window_months: inArea.find((a) => a.window_months !== null)?.window_months ?? null,
        mean_change_referred: r.mean,
        sd_change_referred: r.sd,
        mean_change_comparison: c.mean,
        sd_change_comparison: c.sd,
      };
      const inCells = mine.filter(ofKey);
      for (const cell of new Set(inCells.map((x) => x.cell ?? null))) {
        const count = (cohort: string) =>
          inCells.find((x) => (x.cell ?? null) === cell && x.cohort === cohort)?.people ?? 0;
        out.push({
          ...row,
          ...(cell === null ? {} : { cell }),
          people_referred: count('referred'),
          people_comparison: count('comparison'),
        });
      }
    }
  }
  return out;
}

export const healthcareUse: Dataset = {
  id: 'healthcare-use',
  title: 'Health-care use after referral, against a matched comparison',
  description:
    'Per measure (GP appointments, A&E attendances, emergency admissions): people referred and matched comparison people whose after window has passed, the difference-in-differences of their mean monthly counts (months +1…+w minus −w…−1, index month excluded; w = window_months, the SPO_HCU_WINDOW_MONTHS setting, default 6) per person per quarter with a 95% Welch CI, and the uncontrolled before–after change of the referred, which includes regression to the mean.',
  parameters: ['area', 'from', 'to', 'format'],
  indicator: 'healthcare-use',
  source: 'marts.healthcare_use',
  cells: true,
  columns: [...COLUMNS],
  query: (ctx) => useRows(ctx, 'marts.healthcare_use'),
  derive: deriveHealthcareUse,
};

/** The groups of healthcare-use-by-group and how the page names them. */
export const HEALTHCARE_GROUP_TYPES = {
  imd_quintile: 'IMD quintile (1 = most deprived 20%)',
  referral_reason: 'Referral reason',
} as const;

export const healthcareUseByGroup: Dataset = {
  id: 'healthcare-use-by-group',
  title: 'Health-care use after referral by deprivation and referral reason',
  description:
    'As healthcare-use, per group: the deprivation quintile of the referral’s LSOA (IMD 2019 deciles 1–2 → quintile 1, most deprived … 9–10 → 5; quintiles because per-decile cells would be mostly too small to show) and each referral reason (a referral with two reasons is in both groups, so reason groups overlap). A matched comparison person is in the group of the referred person it is matched to (match_id); "unknown": the referral is not in the referral extracts. Shown where both groups have 8 or more people.',
  parameters: ['area', 'from', 'to', 'format'],
  indicator: 'healthcare-use-by-group',
  source: 'marts.healthcare_use_by_group',
  cells: true,
  columns: [
    { key: 'group_type', label: 'Grouped by', kind: 'dim' },
    { key: 'group', label: 'Group', kind: 'dim' },
    ...COLUMNS,
  ],
  query: (ctx) => useRows(ctx, 'marts.healthcare_use_by_group'),
  derive: deriveHealthcareUse,
};

export const healthcareUseMonthly: Dataset = {
  id: 'healthcare-use-event-study',
  title: 'Health-care use month by month around the referral',
  description:
    'Per measure and cohort (referred, matched comparison), the mean count per person in each month from 12 before to 12 after the index month, for the people whose index month is in the period and whom the extracts reach that month.',
  parameters: ['area', 'from', 'to', 'format'],
  indicator: 'healthcare-use',
  source: 'marts.healthcare_use_monthly',
  cells: true,
  columns: [
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'cohort', label: 'Cohort', kind: 'dim' },
    { key: 'relative_month', label: 'Months from referral', kind: 'dim' },
    { key: 'people', label: 'People', kind: 'count' },
    // to 1 decimal: a mean of m people's whole-number counts lies on a grid of 1/m, finer than 0.1
    // for every m ≥ 10, so the value fits every count a shown count could be
    {
      key: 'mean_per_person',
      label: 'Mean count per person in the month',
      kind: 'value',
      base: 'people',
      digits: 1,
    },
  ],
  async query(ctx) {
    const area = (await inAreaAndPeriod(ctx, 'marts.healthcare_use_monthly')
      .select((eb) => [
        'measure',
        'cohort',
        'relative_month',
        eb.fn.sum<number>('people').as('people'),
        eb.fn.sum<number>('events').as('events'),
      ])
      .groupBy(['measure', 'cohort', 'relative_month'])
      .execute()) as {
      measure: string;
      cohort: string;
      relative_month: number;
      people: number;
      events: number;
    }[];
    const mean = new Map(
      area.map((a) => [`${a.measure}|${a.cohort}|${a.relative_month}`, a.events / a.people]),
    );
    const cells = (await inAreaAndPeriod(ctx, 'marts.healthcare_use_monthly')
      .select((eb) => [
        'measure',
        'cohort',
        'relative_month',
        ...cellSelect(ctx, 'healthcare_use_monthly'),
        eb.fn.sum<number>('people').as('people'),
      ])
      .groupBy([sql.ref('measure'), sql.ref('cohort'), sql.ref('relative_month'), ...cellGroup(ctx)])
      .orderBy('measure')
      .orderBy('cohort')
      .orderBy('relative_month')
      .execute()) as Row[];
    return cells.map((c) => ({
      ...c,
      mean_per_person:
        mean.get(`${String(c.measure)}|${String(c.cohort)}|${String(c.relative_month)}`) ?? null,
    }));
  },
};
