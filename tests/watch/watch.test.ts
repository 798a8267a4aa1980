import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../pipelines/db/database.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';
import { FolderWatcher } from '../../pipelines/watch/watch.ts';

const FIXTURES = resolve('tests/fixtures/extracts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('FolderWatcher', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spo-watch-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file only once it has stopped growing, again when it changes, never temporaries', async () => {
    const batches: string[][] = [];
    let fail = 1;
    const errors: string[] = [];
    const controller = new AbortController();
    const watcher = new FolderWatcher<number>({
      dir,
      intervalMs: 100,
      settleMs: 400,
      signal: controller.signal,
      load: async (files) => {
        if (fail-- > 0) throw new Error('warehouse busy');
        batches.push(files.map((f) => f.slice(dir.length + 1)));
        return files.length;
      },
      onError: (e) => errors.push(e.message),
    });
    const running = watcher.run();

    // A copy in progress: growing every 150 ms (less than the settle time) for ~900 ms.
    const file = join(dir, 'referrals_2024-06.csv');
    await writeFile(file, 'referral_id,person_pseudonym\n');
    await writeFile(join(dir, 'referrals_2024-07.csv.partial'), 'x\n');
    await writeFile(join(dir, '.referrals_2024-07.csv'), 'x\n');
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      await sleep(150);
      expect(batches).toEqual([]);
      await appendFile(file, `R${i},P${i}\n`);
    }
    const lastWrite = Date.now();
    // The first attempt fails (the warehouse is busy): it is tried again, not forgotten.
    await until('the load', () => batches.length === 1);
    expect(Date.now() - lastWrite).toBeGreaterThanOrEqual(380);
    expect(Date.now() - started).toBeGreaterThan(900);
    expect(errors).toEqual(['warehouse busy']);
    expect(batches).toEqual([['referrals_2024-06.csv']]);

    // Unchanged: not loaded again. Changed (a corrected delivery in place) and a new subfolder file: loaded.
    await sleep(600);
    expect(batches).toHaveLength(1);
    await appendFile(file, 'R9,P9\n');
    await mkdir(join(dir, 'icb'));
    await writeFile(join(dir, 'icb', 'support_offered_2024.csv'), 'support_id\n');
    await until('the second load', () => batches.length >= 2 && batches.flat().length >= 3);
    expect(batches.slice(1).flat().sort()).toEqual(['icb/support_offered_2024.csv', 'referrals_2024-06.csv']);
    controller.abort();
    await running;
  });
});

describe('spo watch', () => {
  let dir: string;
  let inbox: string;
  let child: ChildProcess;
  let output = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spo-watch-cli-'));
    inbox = join(dir, 'inbox');
    await mkdir(inbox);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  const referrals = async (snapshot: string) => {
    const db = await openDatabase(snapshot, { readOnly: true });
    try {
      return (await db.one<{ n: number; last: number }>(
        `select (select sum(referrals)::INTEGER from marts.referrals_monthly) as n,
                (select last_load_id from marts._snapshot) as last`,
      ))!;
    } finally {
      db.close();
    }
  };

  it('publishes a new snapshot for each file dropped into the folder, once it is complete', async () => {
    const db = join(dir, 'warehouse.duckdb');
    await copyFile(join(FIXTURES, 'referrals_2024-04.csv'), join(inbox, 'referrals_2024-04.csv'));
    child = spawn(
      process.execPath,
      ['bin/spo.js', 'watch', inbox, '--interval', '1', '--settle', '0.5', '--db', db],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } },
    );
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));

    await until('the first snapshot', () => /published/.test(output));
    const first = (await currentSnapshot(db))!;
    const before = await referrals(first);
    expect(before.n).toBeGreaterThan(0);
    expect(output).toMatch(/loaded\s+referrals_2024-04\.csv \(referrals\): 6 of 6 rows loaded/);

    // Drop a second month in, written in two halves a little apart, as a slow copy would.
    const text = await readFile(join(FIXTURES, 'referrals_2024-05.csv'), 'utf8');
    const target = join(inbox, 'referrals_2024-05.csv');
    const cut = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    await writeFile(target, text.slice(0, cut));
    await sleep(300);
    await appendFile(target, text.slice(cut));

    await until('the second snapshot', () => output.match(/published/g)!.length === 2);
    const second = (await currentSnapshot(db))!;
    expect(second).not.toBe(first);
    const after = await referrals(second);
    expect(after.last).toBeGreaterThan(before.last);
    expect(after.n).toBeGreaterThan(before.n);
    // Loaded whole, once: the half-written file was never landed (no rejected rows, one load).
    expect(output).toMatch(/loaded\s+referrals_2024-05\.csv \(referrals\): 7 of 7 rows loaded, 0 rejected/);
    expect(output.match(/referrals_2024-05\.csv \(referrals\)/g)).toHaveLength(1);

    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    expect(output).toMatch(/stopping/);
  });
});
