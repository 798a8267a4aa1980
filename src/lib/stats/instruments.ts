/**
 * The outcome instruments the observatory scores (DOMAIN.md §4): how many items each has and the
 * range of each item's response code. The extract contract (warehouse/contracts/wellbeing-scores.ts), the
 * warehouse's scoring SQL and `scoreInstrument` all read these definitions, so an instrument's
 * shape is stated once.
 *
 * @example
 * INSTRUMENTS.SWEMWBS.items.length // 7
 * INSTRUMENTS.UCLA3.items[0]       // { key: 'lack_companionship', label: 'Lack companionship', min: 1, max: 3 }
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

export interface InstrumentDefinition {
  id: InstrumentId;
  name: string;
  items: InstrumentItem[];
  /** true when a higher score means better wellbeing (false for loneliness, anxiety, concerns). */
  higherIsBetter: boolean;
  /** Change that counts as meaningful for one person (DOMAIN.md §4); an assumption where flagged. */
  meaningfulChange: number;
  meaningfulChangeIsAssumption: boolean;
}

const likert5 = (keys: string[]): InstrumentItem[] =>
  keys.map((key) => ({ key, label: key.replaceAll('_', ' '), min: 1, max: 5 }));

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
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
  },
  WEMWBS: {
    id: 'WEMWBS',
    name: 'Warwick-Edinburgh Mental Wellbeing Scale (14 items)',
    items: likert5(Array.from({ length: 14 }, (_, i) => `item_${i + 1}`)),
    higherIsBetter: true,
    meaningfulChange: 3,
    meaningfulChangeIsAssumption: false,
  },
  SWEMWBS: {
    id: 'SWEMWBS',
    name: 'Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)',
    items: likert5(Array.from({ length: 7 }, (_, i) => `item_${i + 1}`)),
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: false,
  },
  UCLA3: {
    id: 'UCLA3',
    name: 'UCLA 3-item loneliness scale',
    items: [
      { key: 'lack_companionship', label: 'Lack companionship', min: 1, max: 3 },
      { key: 'left_out', label: 'Feel left out', min: 1, max: 3 },
      { key: 'isolated', label: 'Feel isolated from others', min: 1, max: 3 },
    ],
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
  },
  ONS_LONELINESS: {
    id: 'ONS_LONELINESS',
    name: 'ONS direct loneliness question',
    // 1 often/always, 2 some of the time, 3 occasionally, 4 hardly ever, 5 never
    items: [{ key: 'how_often_lonely', label: 'How often do you feel lonely?', min: 1, max: 5 }],
    higherIsBetter: true,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
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
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
  },
  MYCAW: {
    id: 'MYCAW',
    name: 'Measure Yourself Concerns and Wellbeing',
    items: [
      { key: 'concern_1', label: 'Concern 1', min: 0, max: 6 },
      { key: 'concern_2', label: 'Concern 2', min: 0, max: 6, optional: true },
      { key: 'wellbeing', label: 'Wellbeing', min: 0, max: 6 },
    ],
    higherIsBetter: false,
    meaningfulChange: 1,
    meaningfulChangeIsAssumption: true,
  },
  PAM: {
    id: 'PAM',
    name: 'Patient Activation Measure (licensed score)',
    items: [{ key: 'score', label: 'Licensed PAM score', min: 0, max: 100 }],
    higherIsBetter: true,
    meaningfulChange: 3,
    meaningfulChangeIsAssumption: false,
  },
};

export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/** The most items any instrument has: the width of the scores extract's item columns. */
export const MAX_ITEMS = Math.max(...INSTRUMENT_IDS.map((id) => INSTRUMENTS[id].items.length));
