/**
 * The outcome instruments the observatory scores: every fact about them in one place — items and
 * their response ranges, the measures each yields with range, direction and bands, what counts as
 * lonely, the SWEMWBS conversion table, the meaningful change and the reliable-change parameters,
 * each with its source. The extract contract (warehouse/contracts/wellbeing-scores.ts),
 * `scoreInstrument`, the pages and notebooks read these definitions; the warehouse's scoring SQL
 * (warehouse/staging/stg_wellbeing_scores.sql, stg_instrument_measures.sql, the SWEMWBS reference
 * CSV) is checked against them on every valid input by tests/lib/stats/scoring-sql.test.ts.
 *
 * @example
 * INSTRUMENTS.SWEMWBS.items.length      // 7
 * INSTRUMENTS.UCLA3.items[0]            // { key: 'lack_companionship', label: 'Lack companionship', min: 1, max: 3 }
 * INSTRUMENTS.SWEMWBS.meaningfulChange  // 1
 */
export type InstrumentId =
  'ONS4' | 'WEMWBS' | 'SWEMWBS' | 'UCLA3' | 'ONS_LONELINESS' | 'DJG6' | 'MYCAW' | 'PAM';

export interface InstrumentItem {
  key: string;
  label: string;
  min: number;
  max: number;
  /** A missing optional item does not make the form incomplete (MYCaW's second concern). */
  optional?: boolean;
}

/** A band of a measure: scores up to and including `max` (and above the previous band's max). */
export interface Band {
  band: string;
  max: number;
}

/** One score an instrument yields (a row of staging.stg_wellbeing_scores per assessment). */
export interface InstrumentMeasure {
  key: string;
  min: number;
  max: number;
  /** true when a higher score means better wellbeing (false for loneliness, anxiety, concerns). */
  higherIsBetter: boolean;
  /** bands in ascending order of score; the last band's max is the measure's max */
  bands?: Band[];
  /** the bands that count as lonely (loneliness instruments only) */
  lonelyBands?: string[];
}

/**
 * Jacobson & Truax (1991) reliable change parameters: RCI = change / (√2 · SD · √(1 − reliability)).
 * `sd` absent: the baseline SD of the people analysed (Jacobson & Truax's pre-treatment SD).
 */
export interface ReliableChangeParameters {
  reliability: number;
  sd?: number;
  source: string;
}

export interface InstrumentDefinition {
  id: InstrumentId;
  name: string;
  items: InstrumentItem[];
  measures: InstrumentMeasure[];
  /** true when a higher score means better wellbeing on the instrument's main measure. */
  higherIsBetter: boolean;
  /** Change that counts as meaningful for one person, in points of each measure. */
  meaningfulChange: number;
  /** true when no published threshold exists and `meaningfulChange` is this project's assumption. */
  meaningfulChangeIsAssumption: boolean;
  /** where `meaningfulChange` comes from, or why it is assumed */
  meaningfulChangeSource: string;
  /** null when no published reliability fits the measure: no reliable change is computed. */
  reliableChange: ReliableChangeParameters | null;
}

const likert5 = (keys: string[]): InstrumentItem[] =>
  keys.map((key) => ({ key, label: key.replaceAll('_', ' '), min: 1, max: 5 }));

/** ONS personal well-being thresholds (ONS user guidance): positive items and anxiety. */
const ONS4_POSITIVE: Band[] = [
  { band: 'low', max: 4 },
  { band: 'medium', max: 6 },
  { band: 'high', max: 8 },
  { band: 'very_high', max: 10 },
];
const ONS4_ANXIETY: Band[] = [
  { band: 'very_low', max: 1 },
  { band: 'low', max: 3 },
  { band: 'medium', max: 5 },
  { band: 'high', max: 10 },
];

const NO_MID = 'No published minimal important difference: 1 point is this project’s assumption.';

export const INSTRUMENTS: Record<InstrumentId, InstrumentDefinition> = {
  ONS4: {
    id: 'ONS4',
    name: 'ONS4 personal wellbeing',
    items: [
      { key: 'life_satisfaction', label: 'Life satisfaction', min: 0, max: 10 },
      { key: 'worthwhile', label: 'Things done are worthwhile', min: 0, max: 10 },
      { key: 'happiness', label: 'Happiness yesterday', min: 0, max: 10 },
      { key: 'anxiety', label: 'Anxiety yesterday', min: 0, max: 10 },
    ],
    // each item is its own measure, never summed
    measures: [
      { key: 'life_satisfaction', min: 0, max: 10, higherIsBetter: true, bands: ONS4_POSITIVE },
      { key: 'worthwhile', min: 0, max: 10, higherIsBetter: true, bands: ONS4_POSITIVE },
      { key: 'happiness', min: 0, max: 10, higherIsBetter: true, bands: ONS4_POSITIVE },
      { key: 'anxiety', min: 0, max: 10, higherIsBetter: false, bands: ONS4_ANXIETY },
    ],
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
    meaningfulChangeSource: NO_MID,
    reliableChange: null, // single items: no internal-consistency reliability
  },
  WEMWBS: {
    id: 'WEMWBS',
    name: 'Warwick-Edinburgh Mental Wellbeing Scale (14 items)',
    items: likert5(Array.from({ length: 14 }, (_, i) => `item_${i + 1}`)),
    measures: [{ key: 'total', min: 14, max: 70, higherIsBetter: true }],
    higherIsBetter: true,
    meaningfulChange: 3,
    meaningfulChangeIsAssumption: false,
    meaningfulChangeSource:
      'About one standard error of measurement: SEM 2.4–3.1 points across 12 studies (Maheswaran et al. 2012, Health Qual Life Outcomes 10:156); Warwick’s guidance, 3 points.',
    reliableChange: {
      reliability: 0.91,
      source:
        'Cronbach’s α 0.91 in the UK population sample (Tennant et al. 2007, Health Qual Life Outcomes 5:63)',
    },
  },
  SWEMWBS: {
    id: 'SWEMWBS',
    name: 'Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)',
    items: likert5(Array.from({ length: 7 }, (_, i) => `item_${i + 1}`)),
    // analysis uses the metric score (SWEMWBS_METRIC), not the raw sum
    measures: [{ key: 'metric', min: 7, max: 35, higherIsBetter: true }],
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: false,
    meaningfulChangeSource:
      'One standard error of measurement, 1.03 points (Shah et al. 2018, Health Qual Life Outcomes 16:239): the lower of its two individual-level standards (“between 1 and 3 points”), the same 1-SEM basis as WEMWBS’s 3 points. The stricter 2.77 SEM (2.87 points) is what the reliable change index tests.',
    reliableChange: {
      // SEM = SD·√(1 − r): r = 1 − (1.03 / 3.921)², the reliability that gives Shah's published SEM
      reliability: 1 - (1.03 / 3.921) ** 2,
      sd: 3.921,
      source:
        'Baseline SD 3.921 and SEM 1.03 metric points in a clinical sample of 172 (Shah et al. 2018, Health Qual Life Outcomes 16:239); reliability = 1 − (SEM/SD)²',
    },
  },
  UCLA3: {
    id: 'UCLA3',
    name: 'UCLA 3-item loneliness scale',
    items: [
      { key: 'lack_companionship', label: 'Lack companionship', min: 1, max: 3 },
      { key: 'left_out', label: 'Feel left out', min: 1, max: 3 },
      { key: 'isolated', label: 'Feel isolated from others', min: 1, max: 3 },
    ],
    measures: [
      {
        key: 'total',
        min: 3,
        max: 9,
        higherIsBetter: false,
        // a total of 6 or more counted as lonely
        bands: [
          { band: 'not_lonely', max: 5 },
          { band: 'lonely', max: 9 },
        ],
        lonelyBands: ['lonely'],
      },
    ],
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
    meaningfulChangeSource: NO_MID,
    reliableChange: {
      reliability: 0.72,
      source: 'Coefficient α 0.72 (Hughes et al. 2004, Research on Aging 26:655)',
    },
  },
  ONS_LONELINESS: {
    id: 'ONS_LONELINESS',
    name: 'ONS direct loneliness question',
    // 1 often/always, 2 some of the time, 3 occasionally, 4 hardly ever, 5 never
    items: [{ key: 'how_often_lonely', label: 'How often do you feel lonely?', min: 1, max: 5 }],
    measures: [
      {
        key: 'how_often_lonely',
        min: 1,
        max: 5,
        higherIsBetter: true,
        bands: [
          { band: 'often_always', max: 1 },
          { band: 'some_of_the_time', max: 2 },
          { band: 'occasionally', max: 3 },
          { band: 'hardly_ever', max: 4 },
          { band: 'never', max: 5 },
        ],
        lonelyBands: ['often_always'],
      },
    ],
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
    meaningfulChangeSource: 'One response category; no published threshold (this project’s assumption).',
    reliableChange: null, // a single question
  },
  DJG6: {
    id: 'DJG6',
    name: 'De Jong Gierveld 6-item loneliness scale',
    // response codes: 1 yes, 2 more or less, 3 no
    items: [
      { key: 'emptiness', label: 'I experience a general sense of emptiness', min: 1, max: 3 },
      { key: 'miss_people', label: 'I miss having people around', min: 1, max: 3 },
      { key: 'rejected', label: 'I often feel rejected', min: 1, max: 3 },
      { key: 'rely_on', label: 'There are plenty of people I can rely on', min: 1, max: 3 },
      { key: 'trust', label: 'There are many people I can trust completely', min: 1, max: 3 },
      { key: 'close', label: 'There are enough people I feel close to', min: 1, max: 3 },
    ],
    measures: [
      {
        key: 'total',
        min: 0,
        max: 6,
        higherIsBetter: false,
        bands: [
          { band: 'not_lonely', max: 1 },
          { band: 'moderately_lonely', max: 4 },
          { band: 'severely_lonely', max: 6 },
        ],
        lonelyBands: ['moderately_lonely', 'severely_lonely'],
      },
    ],
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
    meaningfulChangeSource: NO_MID,
    reliableChange: null, // no single published reliability for the English 6-item version here
  },
  MYCAW: {
    id: 'MYCAW',
    name: 'Measure Yourself Concerns and Wellbeing',
    items: [
      { key: 'concern_1', label: 'Concern 1', min: 0, max: 6 },
      { key: 'concern_2', label: 'Concern 2', min: 0, max: 6, optional: true },
      { key: 'wellbeing', label: 'Wellbeing', min: 0, max: 6 },
    ],
    measures: [
      { key: 'concern_1', min: 0, max: 6, higherIsBetter: false },
      { key: 'concern_2', min: 0, max: 6, higherIsBetter: false },
      { key: 'wellbeing', min: 0, max: 6, higherIsBetter: false },
    ],
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
    meaningfulChangeSource: NO_MID,
    reliableChange: null, // single items
  },
  PAM: {
    id: 'PAM',
    name: 'Patient Activation Measure (licensed score)',
    items: [{ key: 'score', label: 'Licensed PAM score', min: 0, max: 100 }],
    measures: [
      {
        key: 'score',
        min: 0,
        max: 100,
        higherIsBetter: true,
        // the licence holder's levels: ≤47.0, 47.1–55.1, 55.2–67.0, ≥67.1
        bands: [
          { band: 'level_1', max: 47.0 },
          { band: 'level_2', max: 55.1 },
          { band: 'level_3', max: 67.0 },
          { band: 'level_4', max: 100 },
        ],
      },
    ],
    higherIsBetter: true,
    meaningfulChange: 3,
    meaningfulChangeIsAssumption: false,
    meaningfulChangeSource:
      '3 points, the licence holder’s threshold for meaningful change in the licensed score (as given in the project’s domain brief).',
    reliableChange: null, // the licensed score's reliability is not published with the score
  },
};

export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/** The most items any instrument has: the width of the scores extract's item columns. */
export const MAX_ITEMS = Math.max(...INSTRUMENT_IDS.map((id) => INSTRUMENTS[id].items.length));

/**
 * SWEMWBS raw total (7–35) → metric score, from the Rasch-based conversion table published by
 * Warwick Medical School (Stewart-Brown et al. 2009, Health Qual Life Outcomes 7:15). The warehouse
 * loads the same table from warehouse/reference/swemwbs_conversion.csv (tested equal).
 */
export const SWEMWBS_METRIC: Readonly<Record<number, number>> = Object.freeze({
  7: 7.0,
  8: 9.51,
  9: 11.25,
  10: 12.4,
  11: 13.33,
  12: 14.08,
  13: 14.75,
  14: 15.32,
  15: 15.84,
  16: 16.36,
  17: 16.88,
  18: 17.43,
  19: 17.98,
  20: 18.59,
  21: 19.25,
  22: 19.98,
  23: 20.73,
  24: 21.54,
  25: 22.35,
  26: 23.21,
  27: 24.11,
  28: 25.03,
  29: 26.02,
  30: 27.03,
  31: 28.13,
  32: 29.31,
  33: 30.7,
  34: 32.55,
  35: 35.0,
});

/**
 * The measure `key` of an instrument. Throws, naming both, for a measure the instrument does not yield.
 *
 * @example
 * instrumentMeasure('ONS4', 'anxiety').higherIsBetter; // false
 */
export function instrumentMeasure(instrument: InstrumentId, key: string): InstrumentMeasure {
  const found = INSTRUMENTS[instrument]?.measures.find((m) => m.key === key);
  if (!found) throw new Error(`instrumentMeasure: ${instrument} has no measure ${JSON.stringify(key)}`);
  return found;
}

/**
 * The band of a score on a measure with bands (null for a measure without bands).
 *
 * @example
 * bandOf(instrumentMeasure('PAM', 'score'), 55.2); // 'level_3'
 */
export function bandOf(measure: InstrumentMeasure, score: number): string | null {
  if (!measure.bands) return null;
  return (measure.bands.find((b) => score <= b.max) ?? measure.bands[measure.bands.length - 1]).band;
}
