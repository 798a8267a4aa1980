/**
 * Charts as pure functions of their data (Observable Plot). Each returns an element made with the
 * given `document` (the browser's, or linkedom's in tests), so charts can be snapshot-tested in
 * Node. Palette: Okabe–Ito, safe for colour-blind readers; meaning never rests on colour alone.
 */
import * as Plot from '@observablehq/plot';

export const PALETTE = {
  blue: '#005eb8',
  orange: '#d55e00',
  sky: '#56b4e9',
  green: '#009e73',
  yellow: '#e69f00',
  purple: '#cc79a7',
  grey: '#768692',
  dark: '#212b32',
};

export interface ChartOptions {
  document?: Document;
  width?: number;
}

const base = (o: ChartOptions) => ({
  document: o.document,
  width: o.width ?? 640,
  style: { fontSize: '13px', fontFamily: 'Arial, sans-serif', background: 'transparent' },
});

const month = (m: string) => new Date(`${m.slice(0, 7)}-01T00:00:00Z`);

export interface SpcRow {
  month: string;
  value: number;
  mean: number;
  lowerLimit: number;
  upperLimit: number;
  pointType: string;
}

/** XmR chart: values, mean and process limits; special-cause points marked by shape and colour. */
export function spcChart(rows: SpcRow[], o: ChartOptions & { yLabel?: string; target?: number | null } = {}) {
  const data = rows.map((r) => ({ ...r, date: month(r.month) }));
  const special = (t: string) =>
    t.includes('improvement')
      ? 'Improvement'
      : t.includes('concern')
        ? 'Concern'
        : t.includes('neutral')
          ? 'Special cause'
          : 'Common cause';
  return Plot.plot({
    ...base(o),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null },
    y: { grid: true, label: o.yLabel ?? null, zero: false },
    color: {
      domain: ['Common cause', 'Improvement', 'Concern', 'Special cause'],
      range: [PALETTE.grey, PALETTE.sky, PALETTE.orange, PALETTE.blue],
      legend: true,
    },
    symbol: {
      domain: ['Common cause', 'Improvement', 'Concern', 'Special cause'],
      range: ['circle', 'triangle', 'square', 'diamond'],
    },
    marks: [
      Plot.line(data, {
        x: 'date',
        y: 'upper',
        stroke: PALETTE.dark,
        strokeDasharray: '4,3',
        strokeWidth: 1,
      }),
      Plot.line(data, {
        x: 'date',
        y: 'lower',
        stroke: PALETTE.dark,
        strokeDasharray: '4,3',
        strokeWidth: 1,
      }),
      Plot.line(data, { x: 'date', y: 'mean', stroke: PALETTE.dark, strokeWidth: 1 }),
      ...(o.target != null
        ? [Plot.ruleY([o.target], { stroke: PALETTE.green, strokeWidth: 2, strokeDasharray: '8,4' })]
        : []),
      Plot.line(data, { x: 'date', y: 'value', stroke: PALETTE.blue, strokeWidth: 2 }),
      Plot.dot(data, {
        x: 'date',
        y: 'value',
        fill: (d: SpcRow) => special(d.pointType),
        symbol: (d: SpcRow) => special(d.pointType),
        r: 4.5,
        stroke: 'white',
      }),
    ],
  });
}

export interface BarRow {
  label: string;
  value: number | null;
  /** drill-down: where the bar's row leads (e.g. the same page for that area), or null */
  href?: string | null;
}

/**
 * Horizontal bars in the given order; missing (suppressed) values are left out of the bars. Rows
 * with an `href` link the whole row's band (not only the bar, which may be too short to hit, or
 * absent when suppressed) to it, with the label and value as the link's title.
 */
export function barChart(
  rows: BarRow[],
  o: ChartOptions & { xLabel?: string; percent?: boolean; color?: string; marginLeft?: number } = {},
) {
  const data = rows.filter((r) => r.value !== null);
  const linked = rows.filter((r) => r.href);
  const max = Math.max(0, ...data.map((r) => r.value as number));
  return Plot.plot({
    ...base(o),
    height: Math.max(120, 34 * rows.length + 50),
    marginLeft: o.marginLeft ?? 180,
    x: {
      grid: true,
      label: o.xLabel ?? null,
      percent: o.percent,
      tickFormat: o.percent ? (d: number) => `${d}%` : undefined,
    },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      Plot.barX(data, { x: 'value', y: 'label', fill: o.color ?? PALETTE.blue }),
      Plot.ruleX([0]),
      ...(linked.length
        ? [
            // a transparent band over each linked row, drawn last so it takes the pointer
            Plot.barX(linked, {
              x1: () => 0,
              x2: () => max || 1,
              y: 'label',
              fill: 'transparent',
              href: 'href',
              title: (r: BarRow) =>
                `${r.label}: ${
                  r.value === null
                    ? 'not shown'
                    : o.percent
                      ? `${(r.value * 100).toFixed(1)}%`
                      : r.value.toLocaleString('en-GB', { maximumFractionDigits: 2 })
                }`,
            }),
          ]
        : []),
    ],
  });
}

export interface SeriesRow {
  date: string;
  value: number;
  series: string;
}

/** Lines over time, one per series, with optional horizontal target lines. */
export function lineChart(
  rows: SeriesRow[],
  o: ChartOptions & { yLabel?: string; targets?: { value: number; label: string }[] } = {},
) {
  const data = rows.map((r) => ({ ...r, d: month(r.date) }));
  const series = [...new Set(rows.map((r) => r.series))];
  return Plot.plot({
    ...base(o),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null },
    y: { grid: true, label: o.yLabel ?? null, zero: true },
    color: {
      domain: series,
      range: [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.purple],
      legend: series.length > 1,
    },
    marks: [
      ...(o.targets ?? []).flatMap((t) => [
        Plot.ruleY([t.value], { stroke: PALETTE.green, strokeDasharray: '8,4', strokeWidth: 2 }),
        Plot.text([t], {
          x: data[0]?.d,
          y: 'value',
          text: 'label',
          dy: -8,
          textAnchor: 'start',
          fill: PALETTE.dark,
        }),
      ]),
      Plot.line(data, { x: 'd', y: 'value', stroke: 'series', strokeWidth: 2, marker: 'circle' }),
    ],
  });
}

export interface IntervalRow {
  label: string;
  value: number;
  lower: number;
  upper: number;
}

/** Point estimates with 95% intervals (forest plot), with a reference line. */
export function intervalChart(
  rows: IntervalRow[],
  o: ChartOptions & { xLabel?: string; reference?: number; percent?: boolean; marginLeft?: number } = {},
) {
  return Plot.plot({
    ...base(o),
    height: Math.max(120, 30 * rows.length + 50),
    marginLeft: o.marginLeft ?? 200,
    x: { grid: true, label: o.xLabel ?? null, percent: o.percent },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      Plot.ruleX([o.reference ?? 0], { stroke: PALETTE.grey }),
      Plot.ruleY(rows, { x1: 'lower', x2: 'upper', y: 'label', stroke: PALETTE.blue, strokeWidth: 2 }),
      Plot.dot(rows, { x: 'value', y: 'label', fill: PALETTE.blue, r: 5, symbol: 'diamond' }),
    ],
  });
}

export interface FunnelRow {
  name: string;
  population: number;
  rate: number;
  significance: string;
}

/**
 * Funnel plot: each area's rate against its population, with the benchmark and 95% / 99.8% limits
 * (given per population by `limits`).
 */
export function funnelPlot(
  rows: FunnelRow[],
  benchmark: number,
  limits: { population: number; lower95: number; upper95: number; lower998: number; upper998: number }[],
  o: ChartOptions & { yLabel?: string; href?: (row: FunnelRow) => string | null } = {},
) {
  return Plot.plot({
    ...base(o),
    height: 360,
    marginLeft: 56,
    x: { label: 'Registered patients', grid: true, tickFormat: '~s' },
    y: { label: o.yLabel ?? null, grid: true },
    color: {
      domain: ['higher', 'similar', 'lower'],
      range: [PALETTE.sky, PALETTE.grey, PALETTE.orange],
      legend: true,
    },
    symbol: { domain: ['higher', 'similar', 'lower'], range: ['triangle', 'circle', 'square'] },
    marks: [
      Plot.ruleY([benchmark], { stroke: PALETTE.dark }),
      Plot.line(limits, { x: 'population', y: 'lower95', stroke: PALETTE.dark, strokeDasharray: '4,3' }),
      Plot.line(limits, { x: 'population', y: 'upper95', stroke: PALETTE.dark, strokeDasharray: '4,3' }),
      Plot.line(limits, { x: 'population', y: 'lower998', stroke: PALETTE.dark, strokeDasharray: '1,3' }),
      Plot.line(limits, { x: 'population', y: 'upper998', stroke: PALETTE.dark, strokeDasharray: '1,3' }),
      Plot.dot(rows, {
        x: 'population',
        y: 'rate',
        fill: 'significance',
        symbol: 'significance',
        r: 5,
        stroke: 'white',
        title: (d: FunnelRow) => `${d.name}: ${d.rate.toFixed(1)} (${d.significance})`,
        ...(o.href ? { href: (d: FunnelRow) => o.href!(d) } : {}),
      }),
    ],
  });
}

/** Choropleth of areas (GeoJSON features with properties.code) by value; grey where no value. */
export function choropleth(
  features: { type: string; properties: { code: string; name: string }; geometry: unknown }[],
  values: Map<string, number | null>,
  o: ChartOptions & { label?: string; href?: (code: string) => string | null } = {},
) {
  const collection = { type: 'FeatureCollection', features };
  return Plot.plot({
    ...base(o),
    height: o.width ? o.width * 1.1 : 600,
    projection: { type: 'mercator', domain: collection as never },
    // five classes: easier to read off the legend than a continuous ramp (and drawn without canvas)
    color: { type: 'quantize', n: 5, scheme: 'blues', legend: true, label: o.label, unknown: '#d8dde0' },
    marks: [
      Plot.geo(features as never, {
        fill: (f: { properties: { code: string } }) => values.get(f.properties.code) ?? null,
        stroke: 'white',
        strokeWidth: 0.6,
        title: (f: { properties: { code: string; name: string } }) => {
          const v = values.get(f.properties.code);
          return `${f.properties.name}: ${typeof v === 'number' ? v.toFixed(1) : 'no data'}`;
        },
        ...(o.href ? { href: (f: { properties: { code: string } }) => o.href!(f.properties.code) } : {}),
      }),
    ],
  });
}

export interface ChangeRow {
  change: number;
  people: number | null;
}

/**
 * Distribution of change in score: people per change (after − before), as columns. Columns are
 * marked worse / no meaningful change / meaningful improvement by pattern of fill and shape of
 * legend, not colour alone; suppressed counts ([c]) are left out.
 */
export function changeHistogram(
  rows: ChangeRow[],
  o: ChartOptions & { higherIsBetter?: boolean; meaningfulChange?: number; xLabel?: string } = {},
) {
  const up = o.higherIsBetter ?? true;
  const m = o.meaningfulChange ?? 1;
  const band = (c: number) => {
    const better = up ? c : -c;
    return better >= m ? 'Meaningful improvement' : better <= -m ? 'Meaningfully worse' : 'Little change';
  };
  const data = rows.filter((r) => r.people !== null).map((r) => ({ ...r, band: band(r.change) }));
  const domain = ['Meaningfully worse', 'Little change', 'Meaningful improvement'];
  return Plot.plot({
    ...base(o),
    height: 300,
    marginLeft: 56,
    x: {
      label: o.xLabel ?? 'Change in score (after − before)',
      type: 'band',
      tickFormat: (d: number) => (d > 0 ? `+${d}` : `${d}`),
    },
    y: { grid: true, label: 'People' },
    color: { domain, range: [PALETTE.orange, PALETTE.grey, PALETTE.blue], legend: true },
    marks: [Plot.barY(data, { x: 'change', y: 'people', fill: 'band', inset: 1 }), Plot.ruleY([0])],
  });
}
