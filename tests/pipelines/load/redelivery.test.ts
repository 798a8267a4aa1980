// Re-delivery recognised by the file's stat before its bytes (issue 17; docs/extracts.md "What
// happens to a file"): a re-sent unchanged folder is skipped without reading a byte, and nothing
// that changed a file's bytes escapes being hashed.
import { cp, mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadFile } from '../../../pipelines/load/load-file.ts';
import { loadPaths } from '../../../pipelines/load/load-paths.ts';
import { SETTLED_NS } from '../../../pipelines/load/file-stat.ts';
import { rowCount, tempWarehouse, type TempWarehouse } from '../temp-warehouse.ts';

const EXAMPLES = 'docs/examples';

let w: TempWarehouse;
let hashed: string[];
let effects: TempWarehouse['effects'] & { onHash: (path: string) => void };
beforeEach(async () => {
  w = await tempWarehouse();
  hashed = [];
  effects = { ...w.effects, onHash: (path) => hashed.push(path) };
});
afterEach(async () => {
  await w.close();
});

/** A copy of the documented examples, old enough for its stat to be trusted (file-stat.ts). */
async function settledFolder(name: string): Promise<string> {
  const dir = join(w.dir, name);
  await cp(EXAMPLES, dir, { recursive: true });
  await settle();
  return dir;
}
const settle = () => sleep(Number(SETTLED_NS / 1_000_000n) + 100);

it('skips a re-sent unchanged folder without hashing any file, and writes nothing', async () => {
  const dir = await settledFolder('in');
  const first = await loadPaths([dir], effects);
  expect(first.map((r) => r.status)).toEqual(first.map(() => 'loaded'));
  expect(hashed).toHaveLength(first.length);

  hashed = [];
  const loads = await rowCount(w.db, 'audit.loads');
  // the stat lookup is one query for the run, not one a file
  const statQueries: string[] = [];
  const counted = {
    ...w.db,
    all: <T>(sql: string, params?: Parameters<typeof w.db.all>[1]) => {
      if (sql.includes('file_ctime_ns')) statQueries.push(sql);
      return w.db.all<T>(sql, params);
    },
  };
  counted.one = async <T>(sql: string, params?: Parameters<typeof w.db.all>[1]) =>
    (await counted.all<T>(sql, params))[0];
  const again = await loadPaths([dir], { ...effects, db: counted });
  expect(statQueries).toHaveLength(1);
  expect(hashed).toEqual([]);
  expect(again.map((r) => [r.status, r.loadId, r.sha256])).toEqual(
    first.map((r) => ['skipped', r.loadId, r.sha256]),
  );
  expect(await rowCount(w.db, 'audit.loads')).toBe(loads);
});

it('hashes a file changed in place that keeps its size and modification time, and loads it', async () => {
  const dir = join(w.dir, 'in');
  await cp(EXAMPLES, dir, { recursive: true });
  const path = join(dir, 'referrals.csv');
  // a time utimes can set back exactly (it takes milliseconds)
  const sent = new Date('2024-05-01T09:00:00.123Z');
  await utimes(path, sent, sent);
  await settle();
  const first = await loadFile(path, effects);
  expect(first.status).toBe('loaded');
  const before = await stat(path, { bigint: true });

  // R000001's contact count 8 → 9: the same size; then the times set back as `touch -d` would
  const text = await readFile(path, 'utf8');
  const changed = text.replace(/(R000001,(?:[^,]*,){10})8,/, '$19,');
  expect(changed).not.toBe(text);
  await writeFile(path, changed);
  await utimes(path, sent, sent);
  const after = await stat(path, { bigint: true });
  expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
  await settle();

  hashed = [];
  const second = await loadFile(path, effects);
  expect(hashed).toEqual([path]);
  expect(second.sha256).not.toBe(first.sha256);
  expect(second.status).toBe('replaced');
  expect(second.replacedLoadId).toBe(first.loadId);
  expect(
    await w.db.one(`select contact_count from raw.referrals where referral_id = 'R000001' and load_id = ?`, [
      second.loadId!,
    ]),
  ).toEqual({ contact_count: 9 });
});

it('skips the same bytes under another name or folder, recognised by their hash', async () => {
  const dir = await settledFolder('in');
  const first = await loadFile(join(dir, 'referrals.csv'), effects);
  await mkdir(join(w.dir, 'elsewhere'));
  const renamed = join(w.dir, 'elsewhere', 'referrals_april.csv');
  await cp(join(dir, 'referrals.csv'), renamed, { preserveTimestamps: true });
  await settle();

  hashed = [];
  const again = await loadFile(renamed, effects);
  expect(hashed).toEqual([renamed]);
  expect([again.status, again.loadId, again.sha256]).toEqual(['skipped', first.loadId, first.sha256]);
});

it('hashes a copied folder (same names, sizes and times, new inodes and ctimes) and skips every file', async () => {
  const dir = await settledFolder('in');
  const first = await loadPaths([dir], effects);
  const copy = join(w.dir, 'copy');
  await cp(dir, copy, { recursive: true, preserveTimestamps: true });
  await settle();

  hashed = [];
  const again = await loadPaths([copy], effects);
  expect(hashed).toHaveLength(first.length);
  expect(again.map((r) => [r.file, r.status, r.loadId])).toEqual(
    first.map((r) => [r.file, 'skipped', r.loadId]),
  );
});

it('does not trust the stat of a file that changed within a second before its load', async () => {
  const dir = join(w.dir, 'fresh');
  await cp(EXAMPLES, dir, { recursive: true });
  const path = join(dir, 'referrals.csv');
  expect((await loadFile(path, effects)).status).toBe('loaded');

  // its ctime may share a clock tick with a write after the stat: hashed again, not trusted
  hashed = [];
  expect((await loadFile(path, effects)).status).toBe('skipped');
  expect(hashed).toEqual([path]);
});
