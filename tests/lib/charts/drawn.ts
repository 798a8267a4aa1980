/**
 * What a chart actually drew, read back from its SVG: the mark groups Plot made, in order, and the
 * shapes inside them. A snapshot cannot tell an empty line group from a drawn one (the SPC limits
 * were recorded empty and passed); `expectEverySeriesDrawn` can: each chart test lists the marks it
 * gave the chart and how many shapes each must hold, from its fixture, and this checks each one is
 * there, with a non-empty path for every line and finite coordinates everywhere.
 */
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
/** linkedom's document, for the charts' `document` option (TZ=UTC, see vitest.config.ts) */
export const doc = document as unknown as Document;

export type MarkKind = 'line' | 'dot' | 'bar' | 'rule' | 'text' | 'geo';

/** The element each kind of mark draws one of per datum (or per series, for a line). */
const SHAPE: Record<MarkKind, string> = {
  line: 'path',
  dot: 'path, circle',
  bar: 'rect',
  rule: 'line',
  text: 'text',
  geo: 'path',
};

export interface ExpectedMark {
  mark: MarkKind;
  /** shapes the mark must hold: for a line, one path per series; otherwise one per datum */
  shapes: number;
  /** for a line: the vertices each series' path must have (one per row with a value) */
  points?: number | number[];
}

/** The groups Plot drew marks into, in drawing order (axes, grids and legends left out). */
export function markGroups(chart: Element): Element[] {
  return [...chart.querySelectorAll('g[aria-label]')].filter((g) =>
    Object.hasOwn(SHAPE, g.getAttribute('aria-label') ?? ''),
  );
}

/** The vertices of a path drawn with straight segments (Plot's linear curve): `M x,y L x,y …`. */
export function pathPoints(d: string | null): [number, number][] {
  if (!d || !/^M/.test(d)) return [];
  return d
    .slice(1)
    .split('L')
    .map((p) => {
      const [x, y] = p.split(',').map(Number);
      return [x, y];
    });
}

/** Every attribute that places a shape (coordinates, sizes, transforms, path data) has no NaN. */
function expectFinite(g: Element, where: string) {
  for (const el of [g, ...g.querySelectorAll('*')]) {
    for (const name of ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height', 'd', 'transform', 'cx', 'cy']) {
      const v = el.getAttribute(name);
      if (v !== null) expect(v, `${where}: ${el.tagName} ${name}`).not.toMatch(/NaN|undefined|Infinity/);
    }
  }
}

/**
 * Asserts the chart drew exactly the marks listed, in order, each with the expected number of
 * shapes; lines have a path with at least two vertices (the given number, if `points` is set).
 * Returns the mark groups, for checks of where a mark sits.
 */
export function expectEverySeriesDrawn(chart: Element, expected: ExpectedMark[]): Element[] {
  const groups = markGroups(chart);
  expect(
    groups.map((g) => g.getAttribute('aria-label')),
    'the marks drawn, in order',
  ).toEqual(expected.map((e) => e.mark));
  groups.forEach((g, i) => {
    const { mark, shapes, points } = expected[i];
    const where = `mark ${i + 1} (${mark})`;
    const drawn = [...g.querySelectorAll(SHAPE[mark])];
    expect(drawn, `${where}: shapes drawn`).toHaveLength(shapes);
    expect(shapes, `${where}: a series given must be drawn`).toBeGreaterThan(0);
    expectFinite(g, where);
    if (mark === 'line') {
      drawn.forEach((path, s) => {
        const vertices = pathPoints(path.getAttribute('d'));
        const want = Array.isArray(points) ? points[s] : points;
        if (want === undefined)
          expect(vertices.length, `${where}, series ${s + 1}: vertices`).toBeGreaterThan(1);
        else expect(vertices, `${where}, series ${s + 1}: vertices`).toHaveLength(want);
      });
    }
  });
  return groups;
}

/** The pixel a linear scale puts `value` at, computed from its domain and range (not by Plot). */
export function linearPixel(scale: { domain?: unknown[]; range?: unknown[] }, value: number): number {
  const [d0, d1] = (scale.domain ?? []).map(Number);
  const [r0, r1] = (scale.range ?? []).map(Number);
  return r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** A chart's scale as Plot describes it (`plot.scale(name)`), for checking where a value lands. */
export function scaleOf(chart: Element, name: 'x' | 'y') {
  const scale = (
    chart as unknown as { scale(n: string): { domain?: unknown[]; range?: unknown[]; type?: string } }
  ).scale(name);
  if (!scale) throw new Error(`the chart has no ${name} scale`);
  return scale;
}
