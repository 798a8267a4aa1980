import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../pipelines/generate/generate.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';
import { spo, warehouseState } from './warehouse-state.ts';

/**
 * A full disk and a read-only one. The pre-flight check runs anywhere; the disk-full and
 * read-only cases mount a size-limited tmpfs, which needs root (CAP_SYS_ADMIN): where the machine
 * does not allow it they are skipped, saying why.
 */
let dir: string;
let base: string; // a warehouse with the examples loaded and a snapshot published
let extracts: string;

const mount = (args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });
const umount = (path: string) => spawnSync('umount', [path], { encoding: 'utf8' });

const probeDir = await mkdtemp(join(tmpdir(), 'spo-mount-probe-'));
const probe = mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probeDir]);
const canMount = probe.status === 0;
if (canMount) umount(probeDir);
await rm(probeDir, { recursive: true, force: true });
const skipReason = canMount
  ? ''
  : `mount -t tmpfs is not permitted here (${(probe.stderr || probe.error?.message || '').trim()}): run as root to test a full and a read-only disk`;
if (!canMount) console.warn(`disk tests skipped: ${skipReason}`);

const mounted: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-disk-'));
  base = join(dir, 'base');
  const run = spo(['load', 'docs/examples', '--db', join(base, 'warehouse.duckdb')]);
  expect(run.status, run.stderr).toBe(0);
  extracts = join(dir, 'extracts');
  await generate({ outDir: extracts, referrals: 1_500, seed: 5, months: 6, messy: false });
  await rm(join(extracts, 'manifest.json'));
});

afterAll(async () => {
  for (const m of mounted) umount(m);
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the base warehouse in a fresh tmpfs of `extraMiB` free space beyond it. */
async function smallDisk(name: string, extraMiB: number): Promise<string> {
  const mnt = join(dir, name);
  await mkdir(mnt);
  // Size the tmpfs from what the copy takes, measured on a first roomy mount.
  expect(mount(['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', mnt]).status).toBe(0);
  mounted.push(mnt);
  await cp(base, join(mnt, 'w'), { recursive: true });
  const fs = await statfs(mnt);
  const usedMiB = Math.ceil(((fs.blocks - fs.bfree) * fs.bsize) / 2 ** 20);
  expect(mount(['-o', `remount,size=${usedMiB + extraMiB}m`, mnt]).status).toBe(0);
  return join(mnt, 'w', 'warehouse.duckdb');
}

describe('the pre-flight check', () => {
  it('refuses to start a load without room for it, naming the folder, the space free and needed', async () => {
    const w = join(dir, 'preflight');
    await cp(base, w, { recursive: true });
    const file = join(w, 'warehouse.duckdb');
    const before = await warehouseState(file);
    // No disk has a million terabytes free.
    const run = spo(['load', extracts, '--db', file], { SPO_SPACE_MARGIN_MB: String(1e12) });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `not enough free space for the warehouse in ${w.replaceAll('/', '\\/')}: [\\d.]+ MiB free, and loading [\\d.]+ MiB of extracts needs at least [\\d.]+ MiB`,
      ),
    );
    expect(await warehouseState(file)).toEqual(before);
  });

  it('checks before a new warehouse takes in its bundled reference data', async () => {
    const file = join(dir, 'preflight-new', 'warehouse.duckdb');
    const run = spo(['load', extracts, '--db', file], { SPO_SPACE_MARGIN_MB: String(1e12) });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/not enough free space for the warehouse/);
    const { openDatabase } = await import('../../pipelines/db/database.ts');
    const db = await openDatabase(file);
    try {
      expect(await db.one(`select count(*)::INTEGER as n from audit.loads`)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

describe.skipIf(!canMount)(
  `a full disk and a read-only one${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('a load that fills the disk fails clearly and leaves the warehouse and the snapshot intact', async () => {
      // Enough for the pre-flight with no margin (2 × the input), not enough for the load.
      const file = await smallDisk('full', 8);
      const before = await warehouseState(file);
      const run = spo(['load', extracts, '--db', file], { SPO_SPACE_MARGIN_MB: '0' });
      expect(run.status, run.stdout).toBe(1);
      expect(run.stderr).toMatch(
        /the disk holding .* is full .*No space left on device.*free some space and run the command again/,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace

      const after = await warehouseState(file); // opens, no partial batch
      expect(after.snapshot).toEqual(before.snapshot); // the last good snapshot, still published
      expect(await currentSnapshot(file)).toMatch(new RegExp(`${before.snapshot!.name}$`));

      // With room again, the same load completes and matches a clean load.
      expect(mount(['-o', 'remount,size=512m', join(dir, 'full')]).status).toBe(0);
      const rerun = spo(['load', extracts, '--db', file]);
      expect(rerun.status, rerun.stderr).toBe(0);
      const cleanDir = join(dir, 'clean');
      await cp(base, cleanDir, { recursive: true });
      expect(spo(['load', extracts, '--db', join(cleanDir, 'warehouse.duckdb')]).status).toBe(0);
      const clean = await warehouseState(join(cleanDir, 'warehouse.duckdb'));
      const done = await warehouseState(file);
      expect(done.raw).toEqual(clean.raw);
      expect(done.snapshot!.marts).toEqual(clean.snapshot!.marts);
    });

    it('a read-only warehouse folder gives a clear error and changes nothing; export still reads it', async () => {
      const file = await smallDisk('readonly', 64);
      const mnt = join(dir, 'readonly');
      const before = await readFile(file);
      expect(mount(['-o', 'remount,ro', mnt]).status).toBe(0);
      const run = spo(['load', extracts, '--db', file]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/read-only file system.*the warehouse needs a folder it can write to/);
      expect((await readFile(file)).equals(before)).toBe(true);
      // The published snapshot is still there to read, and to export.
      const out = join(dir, 'export-from-readonly');
      const exported = spo(['export', '--format', 'parquet', '--out', out, '--db', file]);
      expect(exported.status, exported.stderr).toBe(0);
    });
  },
);
