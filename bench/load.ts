import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../pipelines/generate/generate.ts';
import { measure } from './measure.ts';

export interface LoadBenchRow {
  referrals: number;
  rows: number;
  bareSeconds: number;
  bareMiB: number;
  loadSeconds: number;
  loadMiB: number;
  ratio: number;
  redeliverySeconds: number;
  /** of the spo load time: building the models, and publishing the snapshot */
  buildSeconds: number;
  publishSeconds: number;
}

/**
 * Full `spo load` (land, validate, build, publish) of generated extracts against DuckDB's bare
 * typed read_csv of the same files, both as fresh child processes in the same run.
 */
export async function benchLoad(referrals: number): Promise<LoadBenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'spo-bench-'));
  try {
    const extracts = join(dir, 'extracts');
    const { files } = await generate({ outDir: extracts, referrals, seed: 7, messy: false }, {});
    const rows = files.reduce((n, f) => n + f.rows, 0);
    const node = process.execPath;
    const bare = await measure(node, ['bench/bare-read-csv.ts', extracts, join(dir, 'bare.duckdb')]);
    const load = await measure(node, [
      'bin/spo.js',
      'load',
      extracts,
      '--db',
      join(dir, 'w', 'warehouse.duckdb'),
      '--json',
    ]);
    const phases = (JSON.parse(load.stdout) as { seconds: { build: number; publish: number } }).seconds;
    const again = await measure(node, [
      'bin/spo.js',
      'load',
      extracts,
      '--db',
      join(dir, 'w', 'warehouse.duckdb'),
    ]);
    return {
      referrals,
      rows,
      bareSeconds: bare.seconds,
      bareMiB: bare.peakMiB,
      loadSeconds: load.seconds,
      loadMiB: load.peakMiB,
      ratio: load.seconds / bare.seconds,
      redeliverySeconds: again.seconds,
      buildSeconds: phases.build,
      publishSeconds: phases.publish,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
