import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from '../../pipelines/run-load.ts';
import { generate } from '../../pipelines/generate/generate.ts';

/**
 * A small generated warehouse, loaded, built and published by the real pipeline: a year of
 * synthetic extracts for every PCN in England (the generator's own workforce returns included).
 */
export async function smallWarehouse(referrals = 1500) {
  const dir = await mkdtemp(join(tmpdir(), 'spo-small-'));
  const extracts = join(dir, 'extracts');
  await generate({ outDir: extracts, referrals, seed: 7, from: '2024-04', months: 12 });
  const db = join(dir, 'warehouse.duckdb');
  const outcome = await runLoad([extracts], { db, command: 'test' });
  return {
    dir,
    db,
    snapshot: outcome.snapshot!,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
