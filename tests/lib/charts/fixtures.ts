/** Fixed data for the chart tests: the same rows feed the SVG snapshots and the drawn-series checks. */
import type {
  AreaFeature,
  BarRow,
  ChangeRow,
  FunnelLimit,
  FunnelRow,
  IntervalRow,
  SeriesRow,
  SpcRow,
} from '../../../src/lib/charts/index.ts';

export const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'];

/** Mean 14.7, limits 0 and 29 (set by hand, not by spc()); July is a special cause. */
export const spcRows: SpcRow[] = months.map((month, i) => ({
  month,
  value: [10, 12, 11, 30, 12, 13][i],
  mean: 14.7,
  lowerLimit: 0,
  upperLimit: 29,
  pointType: i === 3 ? 'special_cause_improvement' : 'common_cause',
}));

export const barRows: BarRow[] = [
  { label: 'GP', value: 120 },
  { label: 'Self', value: 45 },
  { label: 'Other', value: null },
];

export const linkedBarRows: BarRow[] = [
  { label: 'North PCN', value: 0, href: '/capacity?area=PCN%3AU12345' },
  { label: 'South PCN', value: 1.5, href: '/capacity?area=PCN%3AU23456' },
  { label: 'Unallocated', value: 0.5, href: null },
];

export const lineRows: SeriesRow[] = months.map((date, i) => ({
  date,
  value: 100 + i * 5,
  series: 'FTE (nhsd)',
}));

export const intervalRows: IntervalRow[] = [
  { label: 'SWEMWBS metric', value: 3.1, lower: 2.9, upper: 3.2 },
  { label: 'UCLA3 total', value: -1, lower: -1.2, upper: -0.9 },
];

export const funnelAreas: FunnelRow[] = [
  { name: 'A', population: 50000, rate: 12, significance: 'higher' },
  { name: 'B', population: 120000, rate: 9.8, significance: 'similar' },
  { name: 'C', population: 300000, rate: 8, significance: 'lower' },
];

/** Limits of the shape 10 ± k/√population: at 40,000 the 95% limits are 9 and 11, the 99.8% 8.5 and 11.5. */
export const funnelLimits: FunnelLimit[] = [40000, 100000, 200000, 350000].map((population) => ({
  population,
  lower95: 10 - 200 / Math.sqrt(population),
  upper95: 10 + 200 / Math.sqrt(population),
  lower998: 10 - 300 / Math.sqrt(population),
  upper998: 10 + 300 / Math.sqrt(population),
}));

const square = (x: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, 52],
      [x, 53],
      [x + 1, 53],
      [x + 1, 52],
      [x, 52],
    ],
  ],
});

export const features: AreaFeature[] = ['QAA', 'QBB', 'QCC'].map((code, i) => ({
  type: 'Feature',
  properties: { code, name: `ICB ${code}` },
  geometry: square(-2 + i),
}));

export const mapValues = new Map<string, number | null>([
  ['QAA', 10],
  ['QBB', 20],
  ['QCC', null],
]);

/** Change −3 to +4; the −3 column is suppressed. */
export const changeRows: ChangeRow[] = [-3, -2, -1, 0, 1, 2, 3, 4].map((change, i) => ({
  change,
  people: i === 0 ? null : 10 + i * 5,
}));
