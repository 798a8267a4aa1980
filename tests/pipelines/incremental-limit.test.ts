import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBuild } from '../../bin/cli/describe-build.ts';
import { generate } from '../../pipelines/generate/generate.ts';
import { loadPaths } from '../../pipelines/load/load-paths.ts';
import { build, type BuildReport } from '../../pipelines/model/build.ts';
import { tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

/**
 * A load touching more referrals than an incremental build takes (SPO_INCREMENTAL_MAX_REFERRALS)
 * rebuilds every model, says why, and leaves the build state as any build does: the next load is
 * incremental again. At 10 M referrals, half a year re-sent (2.0 M affected) ran out of memory
 * when updated by key in one transaction; rebuilt, it fits (docs/benchmarks.md).
 */
let w: TempWarehouse;
let dir: string;
let overLimit: BuildReport;
let nothingNew: BuildReport;
let underLimit: BuildReport;

const FROM = '2024-04';
const MONTHS = 6;
/** The i-th month from FROM, YYYY-MM. */
const monthOf = (i: number) => {
  const [y, m] = FROM.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1 + i, 1)).toISOString().slice(0, 7);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-incremental-limit-'));
  const generated = join(dir, 'generated');
  await generate({ outDir: generated, referrals: 3_000, seed: 11, from: FROM, months: MONTHS, messy: false });
  // the history, then the last two months one at a time (the files that span every month go first)
  const folders = ['history', monthOf(MONTHS - 2), monthOf(MONTHS - 1)].map((f) => join(dir, f));
  for (const folder of folders) await mkdir(folder);
  for (const file of await readdir(generated)) {
    if (!/\.(csv|parquet)$/.test(file)) continue;
    const spansMonths = file.includes(`${FROM}_`);
    const late = spansMonths ? undefined : folders.slice(1).find((f) => file.includes(`_${f.slice(-7)}.`));
    await cp(join(generated, file), join(late ?? folders[0]!, file));
  }
  w = await tempWarehouse();
  await loadPaths([folders[0]!], w.effects);
  await build(w.db);
  await loadPaths([folders[1]!], w.effects);
  overLimit = await build(w.db, { maxKeys: 10 });
  nothingNew = await build(w.db, { maxKeys: 10 });
  await loadPaths([folders[2]!], w.effects);
  underLimit = await build(w.db);
}, 600_000);

afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a load touching more referrals than an incremental build takes', () => {
  it('rebuilds every model and says why', () => {
    expect(overLimit.affectedKeys).toBeGreaterThan(10);
    expect(overLimit.full).toBe(true);
    expect(overLimit.rebuilt).toBe(overLimit.models);
    expect(overLimit.incremental).toBe(0);
    expect(overLimit.fullBecause).toBe(
      `${overLimit.affectedKeys.toLocaleString('en-GB')} referrals were affected, more than SPO_INCREMENTAL_MAX_REFERRALS = 10`,
    );
    expect(describeBuild(overLimit)).toContain(
      `rebuilt all ${overLimit.models} models, since ${overLimit.fullBecause} (`,
    );
  });

  it('leaves the build state as a build does: nothing is built again, and the next load is incremental', () => {
    expect(nothingNew.full).toBe(false);
    expect(nothingNew.rebuilt + nothingNew.incremental).toBe(0);
    expect(underLimit.full).toBe(false);
    expect(underLimit.fullBecause).toBeUndefined();
    expect(underLimit.affectedKeys).toBeGreaterThan(10);
    expect(underLimit.incremental).toBeGreaterThan(10);
  });
});
