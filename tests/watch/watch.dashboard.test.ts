/**
 * `spo watch` beside a running dashboard: a file dropped into the watched folder is loaded and
 * published, and the server (which re-opens a newer snapshot when snapshots/CURRENT changes) shows
 * it without a restart. On a copy of the harness's warehouse with its own server, so the shared
 * dashboard's data do not change under the other tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { ROOT, startServer } from '../../bench/harness/dashboard.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Referrals {
  data_as_of: string;
  rows: { month: string; referrals: number | null }[];
}

let dir: string;
let server: Awaited<ReturnType<typeof startServer>>;
let watcher: ChildProcess | null = null;
let output = '';
let headers: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-watch-live-'));
  const from = dirname(inject('db'));
  // the warehouse, its snapshots and accounts; not the extracts it was loaded from
  await cp(from, join(dir, 'w'), { recursive: true, filter: (f) => basename(f) !== 'extracts' });
  const db = join(dir, 'w', basename(inject('db')));
  const store = new AuthStore(db);
  try {
    store.addUser('watch-admin', 'admin', [], null);
    headers = {
      authorization: `Bearer ${store.createToken('watch-admin', 'watch test').token}`,
      'x-forwarded-proto': 'http',
    };
  } finally {
    store.close();
  }
  server = await startServer(db);
});

afterAll(async () => {
  if (watcher && watcher.exitCode === null) watcher.kill('SIGKILL');
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

const referrals = async (query = '') => {
  const res = await fetch(`${server.baseUrl}/api/v1/referrals${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Referrals;
};

describe('spo watch with the dashboard running', () => {
  it('shows a dropped file on the API and pages without a restart', async () => {
    const before = await referrals();
    expect(before.rows.at(-1)!.month).toBe('2025-03-01');
    const pageBefore = await (await fetch(`${server.baseUrl}/`, { headers })).text();
    const asOf = (html: string) => /Data as of <strong>([^<]+)<\/strong>/.exec(html)?.[1];
    expect(asOf(pageBefore)).toBeTruthy();

    const inbox = join(dir, 'inbox');
    await mkdir(inbox);
    const db = join(dir, 'w', basename(inject('db')));
    watcher = spawn(
      process.execPath,
      ['bin/spo.js', 'watch', inbox, '--interval', '1', '--settle', '0.5', '--db', db],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } },
    );
    watcher.stdout!.on('data', (d) => (output += d));
    watcher.stderr!.on('data', (d) => (output += d));
    for (let i = 0; i < 100 && !/watching/.test(output); i++) await sleep(100);

    // April 2025, a month after the warehouse's last: the fixture's referrals a year on, twice
    // over (new ids) so the month's count is above the disclosure threshold
    const fixture = await readFile(resolve(ROOT, 'tests/fixtures/extracts/referrals_2024-04.csv'), 'utf8');
    const [header, ...rows] = fixture.trim().split('\n');
    const shifted = rows.map((r) => r.replace(/2024-/g, '2025-'));
    const again = shifted.map((r) => r.replace(/^([^,]+),([^,]+),/, '$1X,$2X,'));
    await writeFile(join(inbox, 'referrals_2025-04.csv'), [header, ...shifted, ...again, ''].join('\n'));

    const end = Date.now() + 150_000;
    while (!/published/.test(output)) {
      if (Date.now() > end || watcher.exitCode !== null) throw new Error(`no snapshot published:\n${output}`);
      await sleep(250);
    }
    expect(output).toMatch(/referrals_2025-04\.csv \(referrals\): 12 of 12 rows loaded/);

    // the same server, no restart: it switches to the new snapshot once it has warmed it
    // (src/lib/server/warm.ts: every dataset for England, regions and ICBs, under a minute at this
    // size on a busy machine), serving the old one meanwhile
    let after = await referrals('?from=2024-04&to=2025-04');
    for (let i = 0; i < 4 * 240 && after.data_as_of === before.data_as_of; i++) {
      await sleep(250);
      after = await referrals('?from=2024-04&to=2025-04');
    }
    expect(after.data_as_of).not.toBe(before.data_as_of);
    const april = after.rows.find((r) => r.month === '2025-04-01');
    expect(april?.referrals).toBeGreaterThanOrEqual(10);
    const pageAfter = await (await fetch(`${server.baseUrl}/`, { headers })).text();
    // "data as of" is shown to the minute, which a quick load may not change: it must be the new one
    const shown = (v: string) =>
      new Date(v.replace(' ', 'T') + 'Z').toLocaleString('en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'UTC',
      });
    expect(asOf(pageBefore)).toBe(shown(before.data_as_of));
    expect(asOf(pageAfter)).toBe(shown(after.data_as_of));
    expect(server.child.exitCode).toBeNull();
    expect(pageAfter).toContain('value="2025-04"');

    watcher.kill('SIGTERM');
    await new Promise((r) => (watcher!.exitCode !== null ? r(null) : watcher!.once('exit', r)));
  }, 480_000);
});
