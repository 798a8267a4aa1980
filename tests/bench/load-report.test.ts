// The load benchmark's arithmetic, against hand-worked figures: which files are the monthly
// delivery, how many months England's pace gives, and each goal's limit and verdict.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { firstMonth, monthsAtNationalPace, type LoadBenchRow } from '../../bench/load.ts';
import { loadReport } from '../../bench/load-report.ts';
import { splitByMonth } from '../../bench/split-by-month.ts';

it('splits off the files named for the last month; files spanning the period stay in the history', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'spo-split-'));
  try {
    const names = [
      'referrals_2026-10.csv',
      'referrals_2026-11.csv',
      'support_offered_2026-10.parquet',
      'support_offered_2026-11.csv',
      'wellbeing_scores_2026-11.csv',
      'workforce_local_2019-04_2026-11.csv',
      'gp_activity_2019-04_2026-11.csv',
      'manifest.json',
    ];
    for (const n of names) await writeFile(join(dir, n), n);
    const split = await splitByMonth(dir, join(dir, 'out'));
    expect(split.month).toBe('2026-11');
    expect((await readdir(split.delivery)).sort()).toEqual([
      'referrals_2026-11.csv',
      'support_offered_2026-11.csv',
      'wellbeing_scores_2026-11.csv',
    ]);
    expect((await readdir(split.history)).sort()).toEqual([
      'gp_activity_2019-04_2026-11.csv',
      'referrals_2026-10.csv',
      'support_offered_2026-10.parquet',
      'workforce_local_2019-04_2026-11.csv',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('gives England’s pace of 1.3 M referrals a year in months, ending with the last full month', () => {
  // 10 M / 1.3 M a year = 7.69 years = 92.3 months; 5 M: 46.2; 100 k: under the generator's 24
  expect([10_000_000, 5_000_000, 100_000].map(monthsAtNationalPace)).toEqual([92, 46, 24]);
  // 92 months to November 2026 start in April 2019 (2026-11 less 91 months)
  expect(firstMonth(92, new Date('2026-12-01T10:00:00Z'))).toBe('2019-04');
  expect(firstMonth(24, new Date('2027-01-15T10:00:00Z'))).toBe('2025-01');
});

it('states each goal’s limit from the same run’s baseline, and by how much it is met or missed', () => {
  const run = (seconds: number, peakMiB: number) => ({ seconds, peakMiB });
  const row: LoadBenchRow = {
    referrals: 10_000_000,
    months: 92,
    month: '2026-11',
    generate: run(60, 1900),
    history: {
      files: 275,
      rows: 23_000_000,
      bare: run(40, 700),
      load: run(100, 2100),
      buildSeconds: 50,
      publishSeconds: 8,
    },
    delivery: {
      files: 3,
      rows: 250_000,
      bare: run(10, 300),
      load: run(20, 1500),
      buildSeconds: 9,
      publishSeconds: 8,
    },
    redelivery: { ...run(0.6, 300), files: 278 },
  };
  const goals = loadReport([row])
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('| monthly') ||
        l.startsWith('| first') ||
        l.startsWith('| re-') ||
        l.startsWith('| peak'),
    );
  expect(goals).toEqual([
    // limit 1.3 × 10 + 2 = 15 s; 20 s is 5 s over, 20 / 15 = 1.33 × the limit
    '| monthly delivery ≤ 1.3 × bare read + 2 s | 10,000,000 | 20.0 s | 15.0 s | **missed** by 5.0 s (1.33 × the limit) |',
    // 100 / 40 = 2.5 × against 3 ×
    '| first full load ≤ 3 × bare read | 10,000,000 | 2.50 × | 3 × | met, 0.50 × under |',
    '| re-delivery ≤ 1 s | 10,000,000 | 0.60 s | 1 s | met, 0.40 s under |',
    // the worst of the four commands: the first load's 2,100 MiB, 52 over 2,048
    '| peak memory ≤ 2 GiB, every command | 10,000,000 | 2,100 MiB (first full load) | 2,048 MiB | **missed** by 52 MiB (1.03 × the limit) |',
  ]);
});
