import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { geo } from './marks.ts';

/** A GeoJSON feature for an area, identified by `properties.code`. */
export interface AreaFeature {
  type: string;
  properties: { code: string; name: string };
  geometry: unknown;
}

export interface ChoroplethData {
  features: readonly AreaFeature[];
  /** the value per area code; null (or absent) is drawn grey as "no data" */
  values: ReadonlyMap<string, number | null>;
}

export interface ChoroplethOptions extends ChartOptions {
  label?: string;
  href?: (code: string) => string | null;
}

/** Choropleth of areas by value, in five classes; grey where there is no value. */
export function choropleth({ features, values }: ChoroplethData, o: ChoroplethOptions = {}) {
  const href = o.href;
  const collection = { type: 'FeatureCollection', features };
  return Plot.plot({
    ...chartBase(o),
    height: o.width ? o.width * 1.1 : 600,
    projection: { type: 'mercator', domain: collection as never },
    // five classes: easier to read off the legend than a continuous ramp (and drawn without canvas)
    color: { type: 'quantize', n: 5, scheme: 'blues', legend: true, label: o.label, unknown: '#d8dde0' },
    marks: [
      geo(features, {
        fill: (f) => values.get(f.properties.code) ?? null,
        stroke: 'white',
        strokeWidth: 0.6,
        title: (f) => {
          const v = values.get(f.properties.code);
          return `${f.properties.name}: ${typeof v === 'number' ? v.toFixed(1) : 'no data'}`;
        },
        ...(href ? { href: (f: AreaFeature) => href(f.properties.code) } : {}),
      }),
    ],
  });
}
