import type { LoadBenchRow, Run } from './load.ts';

/** The goals (issue 17), each as a limit computed from the same run's baseline. */
export const GOALS = {
  /** a monthly delivery ≤ 1.3 × the bare read of its files + 2 s */
  deliveryRatio: 1.3,
  deliverySlackSeconds: 2,
  /** the first full load ≤ 3 × the bare read of its files */
  firstLoadRatio: 3,
  redeliverySeconds: 1,
  peakMiB: 2048,
} as const;

const n0 = (n: number) => Math.round(n).toLocaleString('en-GB');
const s1 = (n: number) => n.toFixed(1);
const s2 = (n: number) => n.toFixed(2);

/** "met, 1.2 s under" or "**missed** by 3.4 s (1.8 × the limit)", for a value that must not exceed `limit`. */
function verdict(value: number, limit: number, unit: string, digits = 1): string {
  const gap = Math.abs(value - limit).toFixed(digits);
  if (value <= limit) return `met, ${gap}${unit} under`;
  return `**missed** by ${gap}${unit} (${(value / limit).toFixed(2)} × the limit)`;
}

/** The load section of docs/benchmarks.md: what each command took, then each goal met or missed. */
export function loadReport(rows: LoadBenchRow[]): string {
  const measured = [
    '| referrals (months) | command | files | rows | bare read_csv (s) | spo (s) | ratio | of which build / publish (s) | peak MiB (bare / spo) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const size = `${n0(r.referrals)} (${r.months})`;
    const step = (
      what: string,
      p: { files: number; rows: number; bare: Run; load: Run; buildSeconds: number; publishSeconds: number },
    ) =>
      `| ${size} | ${what} | ${p.files} | ${n0(p.rows)} | ${s1(p.bare.seconds)} | ${s1(p.load.seconds)} | **${s2(p.load.seconds / p.bare.seconds)}** | ${s1(p.buildSeconds)} / ${s1(p.publishSeconds)} | ${n0(p.bare.peakMiB)} / ${n0(p.load.peakMiB)} |`;
    measured.push(
      `| ${size} | \`spo generate\` | ${r.history.files + r.delivery.files} | ${n0(r.history.rows + r.delivery.rows)} | | ${s1(r.generate.seconds)} | | | – / ${n0(r.generate.peakMiB)} |`,
      step('first full load (all but the last month)', r.history),
      step(`monthly delivery (${r.month})`, r.delivery),
      `| ${size} | re-delivery (the whole folder again) | ${r.redelivery.files} | | | ${s2(r.redelivery.seconds)} | | | – / ${n0(r.redelivery.peakMiB)} |`,
    );
  }

  const goals = ['| goal | referrals | measured | limit | against the goal |', '|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const size = n0(r.referrals);
    const d = r.delivery;
    const deliveryLimit = GOALS.deliveryRatio * d.bare.seconds + GOALS.deliverySlackSeconds;
    const firstRatio = r.history.load.seconds / r.history.bare.seconds;
    const peaks: [string, number][] = [
      ['spo generate', r.generate.peakMiB],
      ['first full load', r.history.load.peakMiB],
      ['monthly delivery', d.load.peakMiB],
      ['re-delivery', r.redelivery.peakMiB],
    ];
    const [worst, peak] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
    goals.push(
      `| monthly delivery ≤ 1.3 × bare read + 2 s | ${size} | ${s1(d.load.seconds)} s | ${s1(deliveryLimit)} s | ${verdict(d.load.seconds, deliveryLimit, ' s')} |`,
      `| first full load ≤ 3 × bare read | ${size} | ${s2(firstRatio)} × | 3 × | ${verdict(firstRatio, GOALS.firstLoadRatio, ' ×', 2)} |`,
      `| re-delivery ≤ 1 s | ${size} | ${s2(r.redelivery.seconds)} s | 1 s | ${verdict(r.redelivery.seconds, GOALS.redeliverySeconds, ' s', 2)} |`,
      `| peak memory ≤ 2 GiB, every command | ${size} | ${n0(peak)} MiB (${worst}) | 2,048 MiB | ${verdict(peak, GOALS.peakMiB, ' MiB', 0)} |`,
    );
  }
  return [...measured, '', ...goals].join('\n');
}
