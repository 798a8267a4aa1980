/**
 * The Referrals page of the running dashboard (tests/e2e/global-setup.ts) draws its SPC chart with
 * the process limits and the mean, each at the value an XmR chart of the page's own monthly counts
 * gives: the limits are read back from the pixels via the chart's y-axis ticks and compared with
 * mean ± 2.66 × mean moving range, worked here from the API's counts (independently of src/lib/stats).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, type Session } from '../../../bench/harness/browser.ts';

const QUERY = 'area=ICB:QHM&from=2024-04&to=2025-03';
let s: Session;
beforeAll(async () => {
  s = await openSession(inject('baseUrl'), { name: inject('adminName'), password: inject('adminPassword') });
});
afterAll(() => s?.close());

/** XmR by hand: mean, and mean moving range after dropping moving ranges ≥ 3.267 × their mean once. */
function xmr(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let mrs = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const first = mrs.reduce((a, b) => a + b, 0) / mrs.length;
  if (first > 0) mrs = mrs.filter((m) => m < 3.267 * first);
  const amr = mrs.reduce((a, b) => a + b, 0) / mrs.length;
  return { mean, lower: mean - 2.66 * amr, upper: mean + 2.66 * amr };
}

describe('Referrals page', () => {
  it('draws the SPC chart’s upper and lower process limits and mean where the monthly counts put them', async () => {
    const res = await s.page.request.get(`/api/v1/referrals?${QUERY}`, {
      headers: { authorization: `Bearer ${inject('adminToken')}` },
    });
    expect(res.status()).toBe(200);
    const counts = ((await res.json()) as { rows: { referrals: number | null }[] }).rows
      .map((r) => r.referrals)
      .filter((v): v is number => typeof v === 'number');
    expect(counts.length).toBeGreaterThan(2);
    const want = xmr(counts);

    const page = await s.visit(`/referrals?${QUERY}`);
    const chart = page.locator('section[data-dataset="referrals"] .spo-chart svg').last();
    await chart.waitFor();
    const drawn = await chart.evaluate((svg) => {
      const ticks = [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => ({
        value: Number((t.textContent ?? '').replace(/,/g, '').replace('−', '-')),
        y: Number(/translate\([^,]+,([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '')?.[1]),
      }));
      const lines = [...svg.querySelectorAll('g[aria-label="line"]')].map((g) =>
        [...g.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? ''),
      );
      return { ticks, lines };
    });
    // upper limit, lower limit, mean, values: each one non-empty path of one vertex per month
    expect(drawn.lines).toHaveLength(4);
    for (const paths of drawn.lines) {
      expect(paths).toHaveLength(1);
      expect(paths[0].split('L')).toHaveLength(counts.length);
    }
    // the y scale from two ticks, and the value each horizontal line is drawn at
    const [a, b] = [drawn.ticks[0], drawn.ticks.at(-1)!];
    const valueAt = (y: number) => a.value + ((y - a.y) / (b.y - a.y)) * (b.value - a.value);
    const level = (d: string) => valueAt(Number(/^M[^,]+,([-\d.]+)/.exec(d)![1]));
    const pixel = Math.abs((b.value - a.value) / (b.y - a.y)); // one pixel, in referrals
    expect(Math.abs(level(drawn.lines[0][0]) - want.upper)).toBeLessThan(pixel);
    expect(Math.abs(level(drawn.lines[1][0]) - want.lower)).toBeLessThan(pixel);
    expect(Math.abs(level(drawn.lines[2][0]) - want.mean)).toBeLessThan(pixel);
    expect(s.problems).toEqual([]);
  });
});
