/**
 * How an analyst reads each value column of the catalogue: which are shares of which counts, which
 * carry a paired mean and its t interval, which are ratios that multiply back to a count. Read
 * from the columns' labels and the indicator pages, as an analyst would; every value column in
 * the catalogue must be listed here (the attack suite checks), so a new column is attacked too.
 */
import type { Cell, Row } from './views.ts';

export interface ShareSpec {
  /** the share column (0–1) */
  share: string;
  /** the counts whose sum is the share's denominator, for this row of the response */
  denominator: (row: Row, rows: Row[]) => Cell[];
  /** the count column the denominator is, when it is one count of the row (to record what is recovered) */
  denominatorColumn?: string;
  /** the numerator's counts, when shown */
  numerator?: (row: Row, rows: Row[]) => Cell[];
  numeratorColumn?: string;
  /** rows whose share is 1 by definition (a total against itself): not attribute disclosure */
  structural?: (row: Row, rows: Row[]) => boolean;
}

const own = (key: string) => (row: Row) => [row[key]];
const isTotal = (row: Row) => Object.values(row).includes('Total');

/** A share of a breakdown's Total row (whose count is the sum of the groups shown). */
const ofTotal: ShareSpec = {
  share: 'share',
  denominator: (_row, rows) => rows.filter((r) => !isTotal(r)).map((r) => r.referrals),
  numerator: own('referrals'),
  numeratorColumn: 'referrals',
  structural: isTotal,
};

/** A share of the people paired, with its count shown beside it. */
const ofPaired = (share: string, numerator: string): ShareSpec => ({
  share,
  denominator: own('n'),
  denominatorColumn: 'n',
  numerator: own(numerator),
  numeratorColumn: numerator,
});

/** The four shares of a paired change: meaningfully, and reliably (RCI), improved and deteriorated. */
const changeShares = [
  ofPaired('share_improved', 'improved'),
  ofPaired('share_deteriorated', 'deteriorated'),
  ofPaired('share_reliably_improved', 'reliably_improved'),
  ofPaired('share_reliably_deteriorated', 'reliably_deteriorated'),
];

export const SHARES: Record<string, ShareSpec[]> = {
  'referrals-by-route': [ofTotal],
  'referrals-by-snomed': [ofTotal],
  'referral-funnel': [
    {
      share: 'share',
      denominator: (_row, rows) => [rows[0]?.referrals ?? null],
      numerator: own('referrals'),
      numeratorColumn: 'referrals',
      structural: (row, rows) => row === rows[0],
    },
  ],
  'support-vs-needs': [
    {
      share: 'linked_share',
      denominator: own('referrals'),
      denominatorColumn: 'referrals',
      numerator: own('linked'),
      numeratorColumn: 'linked',
    },
    {
      share: 'took_up_share',
      denominator: own('referrals'),
      denominatorColumn: 'referrals',
      numerator: own('took_up'),
      numeratorColumn: 'took_up',
    },
  ],
  'support-offered': [
    {
      share: 'uptake',
      denominator: own('offered'),
      denominatorColumn: 'offered',
      numerator: own('taken_up'),
      numeratorColumn: 'taken_up',
    },
  ],
  outcomes: changeShares,
  'loneliness-change': changeShares,
  'outcomes-by-group': changeShares,
  'outcome-completeness': [
    {
      share: 'completeness',
      denominator: own('follow_up_due'),
      denominatorColumn: 'follow_up_due',
      numerator: own('paired'),
      numeratorColumn: 'paired',
    },
  ],
  'loneliness-paired': [
    {
      share: 'share_before',
      denominator: own('people'),
      denominatorColumn: 'people',
      numerator: own('lonely_before'),
      numeratorColumn: 'lonely_before',
    },
    {
      share: 'share_after',
      denominator: own('people'),
      denominatorColumn: 'people',
      numerator: own('lonely_after'),
      numeratorColumn: 'lonely_after',
    },
  ],
  'referral-waits-over-4-weeks': [
    {
      share: 'share',
      denominator: own('referrals'),
      denominatorColumn: 'referrals',
      numerator: own('over'),
      numeratorColumn: 'over',
    },
  ],
  loneliness: [
    {
      share: 'share',
      denominator: own('assessed'),
      denominatorColumn: 'assessed',
      numerator: own('lonely'),
      numeratorColumn: 'lonely',
    },
  ],
  equity: [
    {
      share: 'share',
      denominator: (row, rows) => rows.filter((r) => r.dimension === row.dimension).map((r) => r.referrals),
      numerator: own('referrals'),
      numeratorColumn: 'referrals',
    },
  ],
  'dq-completeness': [
    {
      share: 'complete',
      denominator: own('rows'),
      denominatorColumn: 'rows',
      numerator: own('non_null'),
      numeratorColumn: 'non_null',
    },
  ],
  'dq-completeness-by-pcn': [
    {
      share: 'complete',
      denominator: own('cells'),
      denominatorColumn: 'cells',
      numerator: own('non_null'),
      numeratorColumn: 'non_null',
    },
  ],
  'dq-snomed': [
    {
      share: 'conformant',
      denominator: own('referrals'),
      denominatorColumn: 'referrals',
      numerator: (row) => [row.accepted_code, row.declined_code],
    },
  ],
};

/**
 * Shares shown with their Wilson interval: the share and both limits are tried together against
 * every (numerator, base) the rounded counts allow (means.ts).
 */
export const WILSON: Record<
  string,
  { share: string; lower: string; upper: string; base: string; numerator: string }[]
> = {
  loneliness: [{ share: 'share', lower: 'lower', upper: 'upper', base: 'assessed', numerator: 'lonely' }],
  'loneliness-paired': [
    {
      share: 'share_before',
      lower: 'lower_before',
      upper: 'upper_before',
      base: 'people',
      numerator: 'lonely_before',
    },
    {
      share: 'share_after',
      lower: 'lower_after',
      upper: 'upper_after',
      base: 'people',
      numerator: 'lonely_after',
    },
  ],
};

/** Columns of a paired change: n, the mean change, its t-based 95% CI and Cohen's d_z. */
export const PAIRED = ['n', 'mean_before', 'mean_after', 'mean_change', 'lower', 'upper', 'effect_size'];

/**
 * The step between possible scores of each instrument's measure, from the instruments' public
 * definitions: sums or single items of whole-number responses (WEMWBS 14–70, UCLA-3 3–9, De Jong
 * Gierveld 0–6, ONS4 items 0–10, the ONS loneliness question 1–5, MYCaW items 0–6), the licensed
 * PAM score to one decimal. SWEMWBS is analysed on its metric (Rasch) scale, whose conversion table
 * has no common step, so it is left out. A mean of m such scores is a multiple of step/m.
 */
export const SCORE_STEP: Record<string, number> = {
  WEMWBS: 1,
  UCLA3: 1,
  DJG6: 1,
  ONS4: 1,
  ONS_LONELINESS: 1,
  MYCAW: 1,
  PAM: 0.1,
};

/** A ratio shown beside a count: ratio × factor is the count it was computed from. */
export interface RatioSpec {
  count: string;
  ratio: string;
  /** the factor, and the shown column it is a constant multiple of (for its precision) */
  factor: (row: Row, period: { from: string; to: string }) => { value: number; from: string } | null;
}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

const residentRate: RatioSpec = {
  count: 'referrals',
  ratio: 'rate_per_1000',
  factor: (row, p) =>
    typeof row.population === 'number'
      ? { value: (row.population / 1000) * (monthsBetween(p.from, p.to) / 12), from: 'population' }
      : null,
};

export const RATIOS: Record<string, RatioSpec[]> = {
  // referrals per FTE a year × FTE × months with referral data / 12 = accepted referrals (FTE is
  // a published figure, shown as it is; the months are shown beside it)
  'capacity-by-pcn': [
    {
      count: 'referrals_12m',
      ratio: 'referrals_per_fte',
      factor: (row) =>
        typeof row.fte === 'number' && typeof row.referral_months === 'number'
          ? { value: (row.fte * row.referral_months) / 12, from: 'fte' }
          : null,
    },
  ],
  // rate per 1,000 residents a year × residents / 1,000 × months / 12 = referrals
  'access-by-deprivation': [residentRate],
  'access-by-ethnicity': [residentRate],
  // referrals in the month per 1,000 patients registered that month × patients / 1,000 = referrals
  'sp-activity-context': [
    {
      count: 'referrals',
      ratio: 'referrals_per_1000',
      factor: (row) =>
        typeof row.registered_patients === 'number'
          ? { value: row.registered_patients / 1000, from: 'registered_patients' }
          : null,
    },
  ],
  // rate per 1,000 a year × patients / 1,000 × months / 12 = referrals
  compare: [
    {
      count: 'referrals',
      ratio: 'rate',
      factor: (row, p) =>
        typeof row.registered_patients === 'number'
          ? {
              value: (row.registered_patients / 1000) * (monthsBetween(p.from, p.to) / 12),
              from: 'registered_patients',
            }
          : null,
    },
  ],
};

/**
 * Value columns no attack here reconstructs a count from, and why. The suite fails on a value
 * column in none of the lists, so each new one is looked at.
 */
const WILCOXON =
  'Wilcoxon signed-rank p: a function of the ranks of every person’s change, which nothing released gives; no identity gives n back';

/** Health-care use (issue 15): each person's change is a multiple of 1/w a month (w ≥ 4 months a window, SPO_HCU_WINDOW_MONTHS), so 3/w a quarter. */
const HEALTHCARE_MEAN =
  'mean per-person change per quarter of m people: a multiple of 3/(w·m), w ≥ 4 the months in a window, shown to 0.1; every m ≥ 8 has a grid step ≤ 0.1, so every m a shown count (≥ 10, rounded to 5; means need ≥ 8) could be fits the value, and no single m is left';
const HEALTHCARE_INTERVAL =
  'interval from the protected n shown and the SDs of the changes, which are not released: its width gives back only the n shown (and, Welch, two unknown SDs)';

const DEMAND_FORECAST =
  'least-squares line and prediction interval through the protected monthly counts shown in the same response: a function of released figures only, it gives back no raw count';
const DEMAND_CAPACITY =
  'link-worker FTE (published by NHS Digital, not disclosure-controlled, shown beside it) × 200 or 250 / 12: no count enters it';

/** The value columns of healthcare-use, and of healthcare-use-by-group (the same per group, its counts protected the same way). */
const HEALTHCARE_VALUES: Record<string, string> = Object.fromEntries(
  ['did_per_person_per_quarter', 'naive_per_person_per_quarter', 'comparison_per_person_per_quarter']
    .map((k): [string, string] => [k, HEALTHCARE_MEAN])
    .concat(
      ['lower', 'upper', 'naive_lower', 'naive_upper'].map((k): [string, string] => [k, HEALTHCARE_INTERVAL]),
    ),
);

export const NOT_ATTACKED: Record<string, Record<string, string>> = {
  'healthcare-use': HEALTHCARE_VALUES,
  'healthcare-use-by-group': HEALTHCARE_VALUES,
  // issue 16: the forecast is a line through the protected counts the same response shows (derive
  // sees protected counts only), so it is a function of released figures; capacity is published FTE
  'demand-supply': {
    forecast: DEMAND_FORECAST,
    lower: DEMAND_FORECAST,
    upper: DEMAND_FORECAST,
    capacity_low: DEMAND_CAPACITY,
    capacity_high: DEMAND_CAPACITY,
  },
  'healthcare-use-event-study': {
    mean_per_person:
      'mean of m people’s whole-number monthly counts: a multiple of 1/m, shown to 0.1; every m ≥ 10 has a grid step ≤ 0.1, so each m a shown count (≥ 10, rounded to 5) could be fits the value, and no single m is left',
  },
  loneliness: {
    lower: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
    upper: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
  },
  'loneliness-paired': {
    lower_before: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
    upper_before: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
    lower_after: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
    upper_after: 'Wilson interval of the share: attacked with the share (means.ts, WILSON)',
    change: 'share after − share before: both attacked as shares',
    mcnemar_p:
      'exact McNemar p of the two discordant counts shown beside it (no longer / newly lonely): computed from those protected counts, it says nothing more',
  },
  outcomes: { wilcoxon_p: WILCOXON },
  'outcomes-by-group': { wilcoxon_p: WILCOXON },
  'loneliness-change': { wilcoxon_p: WILCOXON },
  inequality: {
    sii: 'slope index across deciles of 8+ people: no identity gives n back',
    lower: 'interval of the SII',
    upper: 'interval of the SII',
  },
  'access-by-deprivation': {
    lower: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
    upper: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
  },
  'access-by-ethnicity': {
    lower: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
    upper: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
  },
  'access-inequality': {
    sii: 'slope of rates across deciles, each from a protected decile count (the rows of access-by-deprivation, attacked as RATIOS there): no identity gives a count back that those rows do not show',
    sii_lower: 'interval of the SII',
    sii_upper: 'interval of the SII',
    core20_share:
      'protected deciles 1–2 ÷ the sum of the protected deciles: the same protected counts access-by-deprivation shows, whose rates are attacked there',
    core20_population_share:
      'residents of deciles 1–2 ÷ all residents: published Census figures, no person count',
  },
  'sp-activity-context': {
    sp_appointments_per_1000:
      'published NHS England appointments ÷ published registered patients (the area’s or England’s): no count of this warehouse',
  },
  'gp-social-prescribing-appointments': {
    per_1000_patients:
      'published NHS England appointments ÷ published registered patients: no count of this warehouse',
  },
  compare: {
    lower: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
    upper: 'Byar interval of the count the rate is built on: the rate multiplies back (RATIOS)',
    benchmark: 'the parent area’s rate from the rows’ counts (the same counts the rows show)',
  },
};

/** Whether the attacks cover a value column of a dataset. */
export function covered(dataset: string, key: string): boolean {
  return (
    (SHARES[dataset] ?? []).some((s) => s.share === key) ||
    (RATIOS[dataset] ?? []).some((r) => r.ratio === key) ||
    (PAIRED.includes(key) && ['outcomes', 'loneliness-change', 'outcomes-by-group'].includes(dataset)) ||
    key in (NOT_ATTACKED[dataset] ?? {})
  );
}
