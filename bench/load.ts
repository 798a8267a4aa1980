import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { measure, type Measured } from './measure.ts';
import { splitByMonth } from './split-by-month.ts';

/** One command's wall time and peak resident memory. */
export interface Run {
  seconds: number;
  peakMiB: number;
}

export interface LoadBenchRow {
  referrals: number;
  months: number;
  /** the month delivered on top of the history */
  month: string;
  generate: Run;
  history: {
    files: number;
    rows: number;
    bare: Run;
    load: Run;
    buildSeconds: number;
    publishSeconds: number;
  };
  delivery: {
    files: number;
    rows: number;
    bare: Run;
    load: Run;
    buildSeconds: number;
    publishSeconds: number;
  };
  /** the whole folder (history and delivery) sent again */
  redelivery: Run & { files: number };
}

/** England's pace: about 1.3 million referrals a year (issue 17), so 10 M is about 8 years. */
const REFERRALS_A_YEAR = 1_300_000;

/**
 * Months of history for a warehouse of `referrals` at England's pace, at least the generator's
 * 24, so that the delivered month is a national month's volume rather than a 24th of any total.
 */
export function monthsAtNationalPace(referrals: number): number {
  return Math.max(24, Math.round((referrals / REFERRALS_A_YEAR) * 12));
}

/** The first month of `months` ending with the last full month before `today`. */
export function firstMonth(months: number, today = new Date()): string {
  const last = today.getUTCFullYear() * 12 + today.getUTCMonth() - 1;
  const first = last - (months - 1);
  return `${Math.floor(first / 12)}-${String((first % 12) + 1).padStart(2, '0')}`;
}

interface LoadJson {
  files: { file: string; status: string }[];
  seconds: { load: number; build: number; publish: number };
}

const run = (m: Measured): Run => ({ seconds: m.seconds, peakMiB: m.peakMiB });

/**
 * One size, every step a fresh child process measured for time and peak memory: generate the
 * extracts (no deliberate mess), split off the last month, then DuckDB's bare read_csv of the
 * history against the first full `spo load` of it; the bare read of the last month's files
 * against `spo load` of that delivery into the warehouse; the whole folder sent again.
 */
export async function benchLoad(referrals: number, options: { months?: number } = {}): Promise<LoadBenchRow> {
  const months = options.months ?? monthsAtNationalPace(referrals);
  const dir = await mkdtemp(join(tmpdir(), 'spo-bench-'));
  const node = process.execPath;
  const spo = (args: string[]) => measure(node, ['bin/spo.js', ...args]);
  try {
    const extracts = join(dir, 'extracts');
    const generated = await spo([
      'generate',
      '--out',
      extracts,
      '--referrals',
      String(referrals),
      '--months',
      String(months),
      '--from',
      firstMonth(months),
      '--seed',
      '7',
      '--clean',
      '--json',
    ]);
    const files = (JSON.parse(generated.stdout) as { files: { file: string; rows: number }[] }).files;
    const split = await splitByMonth(extracts, dir);
    const rowsOf = (names: string[]) =>
      files.filter((f) => names.includes(f.file)).reduce((n, f) => n + f.rows, 0);
    const historyFiles = files.map((f) => f.file).filter((f) => !split.deliveryFiles.includes(f));
    // A delivery has been in its folder for a while before it is loaded: the loader does not
    // trust the stat of a file changed less than a second before (pipelines/load/file-stat.ts).
    await sleep(1100);

    const warehouse = join(dir, 'w', 'warehouse.duckdb');
    const load = async (paths: string[]) => {
      const m = await spo(['load', ...paths, '--db', warehouse, '--json']);
      return { m, out: JSON.parse(m.stdout) as LoadJson };
    };
    const bareHistory = await measure(node, [
      'bench/bare-read-csv.ts',
      join(dir, 'bare-h.duckdb'),
      split.history,
    ]);
    const first = await load([split.history]);
    const bareDelivery = await measure(node, [
      'bench/bare-read-csv.ts',
      join(dir, 'bare-d.duckdb'),
      split.delivery,
    ]);
    const delivered = await load([split.delivery]);
    const again = await load([split.history, split.delivery]);
    const notSkipped = again.out.files.filter((f) => f.status !== 'skipped');
    if (notSkipped.length) {
      throw new Error(
        `re-delivery loaded files it should have skipped: ${notSkipped.map((f) => f.file).join(', ')}`,
      );
    }
    return {
      referrals,
      months,
      month: split.month,
      generate: run(generated),
      history: {
        files: historyFiles.length,
        rows: rowsOf(historyFiles),
        bare: run(bareHistory),
        load: run(first.m),
        buildSeconds: first.out.seconds.build,
        publishSeconds: first.out.seconds.publish,
      },
      delivery: {
        files: split.deliveryFiles.length,
        rows: rowsOf(split.deliveryFiles),
        bare: run(bareDelivery),
        load: run(delivered.m),
        buildSeconds: delivered.out.seconds.build,
        publishSeconds: delivered.out.seconds.publish,
      },
      redelivery: { ...run(again.m), files: again.out.files.length },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
