/**
 * No cold request after a publish (issue 17): the built server, told to log every dataset query
 * it runs (SPO_QUERY_LOG), is given a newly published snapshot; it warms it before switching to
 * it. After the switch, the first request to every dataset — for an administrator and a viewer,
 * for England, a region and an ICB, in the default period, and the pages' default instrument where
 * a page asks for it — is
 * answered without one dataset query (counted from the log, not timed), and each answer equals the
 * same dataset computed cold in this process from the same snapshot file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWarehouse, ROOT, startServer } from '../../bench/harness/dashboard.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { scopeFor, type Scope } from '../../src/lib/server/auth/scope.ts';
import { tableJson } from '../../src/lib/server/api.ts';
import { DATASETS } from '../../src/lib/server/catalogue.ts';
import { ScopeError } from '../../src/lib/server/errors.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDatasetIn } from '../../src/lib/server/run-dataset.ts';
import { SnapshotSource } from '../../src/lib/server/snapshot.ts';
import { FOCUSED } from '../../src/lib/server/warm.ts';
import { parseQueryLog } from '../../src/lib/server/query-log.ts';

interface LogLine {
  snapshot: string;
  dataset?: string;
  warming?: boolean;
  switched?: boolean;
  warmed?: boolean;
}

let dir: string;
let db: string;
let log: string;
let server: Awaited<ReturnType<typeof startServer>>;
const tokens: Record<'admin' | 'viewer', string> = { admin: '', viewer: '' };
const proto = { 'x-forwarded-proto': 'http' };

const readLog = async (): Promise<LogLine[]> =>
  parseQueryLog<LogLine>(await readFile(log, 'utf8').catch(() => ''));

/** Waits for `test` to give a value; warming every view takes minutes on a busy 2-core machine. */
async function until<T>(what: string, test: () => Promise<T | null>, seconds = 900): Promise<T> {
  for (let i = 0; i < seconds * 10; i++) {
    const v = await test();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-warm-'));
  db = await generateWarehouse(dir, { referrals: 4000, months: 12 });
  log = join(dir, 'queries.log');
  const store = new AuthStore(db);
  try {
    store.addUser('warm-admin', 'admin', [], null);
    store.addUser('warm-viewer', 'viewer', [], null);
    tokens.admin = store.createToken('warm-admin', 'test').token;
    tokens.viewer = store.createToken('warm-viewer', 'test').token;
  } finally {
    store.close();
  }
  // the dashboard project's global setup has built the server (build/index.js)
  server = await startServer(db, { SPO_QUERY_LOG: log });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const VIEWS = ['', 'area=REGION:Y56', 'area=ICB:QMJ'];

describe('publish warms the views before the switch', () => {
  it('answers the first request to every dataset from warm results, equal to a cold computation', async () => {
    // the first snapshot is served at once and warmed alongside: wait for that warm to end, so
    // the publish below is warmed on its own
    const first = await until('the first snapshot to be served and warmed', async () => {
      const lines = await readLog();
      const s = lines.find((l) => l.switched);
      return s && lines.some((l) => l.warmed && l.snapshot === s.snapshot) ? s.snapshot : null;
    });
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/spo.js'), 'publish', '--db', db], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    // spo publish prints the snapshot's path; the server logs its file name
    const published = basename(/published (\S+)/.exec(out)?.[1] ?? '');
    expect(published).toBeTruthy();
    expect(published).not.toBe(first);
    await until('the server to switch to the new snapshot', async () =>
      (await readLog()).some((l) => l.switched && l.snapshot === published) ? true : null,
    );
    const before = await readLog();
    // warmed, then switched: no request could read the new snapshot before its warm ended
    const warmedAt = before.findIndex((l) => l.warmed && l.snapshot === published);
    expect(warmedAt).toBeGreaterThan(-1);
    expect(warmedAt).toBeLessThan(before.findIndex((l) => l.switched && l.snapshot === published));
    // the warm step ran the queries (a sanity check that the log sees them)
    expect(before.filter((l) => l.snapshot === published && l.dataset && l.warming).length).toBeGreaterThan(
      DATASETS.length,
    );

    const answers: { role: 'admin' | 'viewer'; id: string; query: string; body: unknown }[] = [];
    for (const role of ['admin', 'viewer'] as const)
      for (const query of VIEWS)
        for (const d of DATASETS) {
          const queries = [query, ...(FOCUSED.has(d.id) ? [`${query}&instrument=SWEMWBS`] : [])];
          for (const q of queries) {
            const res = await fetch(`${server.baseUrl}/api/v1/${d.id}?${q}`, {
              headers: { authorization: `Bearer ${tokens[role]}`, ...proto },
            });
            if (res.status === 403) continue; // a breakdown this role may not see
            expect(res.status, `${role} ${d.id}?${q}`).toBe(200);
            answers.push({ role, id: d.id, query: q, body: await res.json() });
          }
        }
    expect(answers.length).toBeGreaterThan(DATASETS.length * 4);

    // not one dataset query ran after the switch outside the warm step
    const after = (await readLog()).slice(before.length);
    expect(after.filter((l) => l.dataset && !l.warming)).toEqual([]);
    expect(after.filter((l) => l.dataset)).toEqual([]);

    // each warm answer equals the dataset computed cold from the same snapshot file
    const cold = new SnapshotSource(db);
    const scopes: Record<'admin' | 'viewer', Scope> = {
      admin: scopeFor({ name: 'warm-admin', role: 'admin', icbs: [] }),
      viewer: scopeFor({ name: 'warm-viewer', role: 'viewer', icbs: [] }),
    };
    try {
      await cold.use(async (snapshot) => {
        expect(snapshot.name).toBe(published);
        for (const a of answers) {
          const dataset = DATASETS.find((d) => d.id === a.id)!;
          const table = await runDatasetIn(
            snapshot,
            dataset,
            parseFilters(new URLSearchParams(a.query)),
            scopes[a.role],
          ).catch((e: unknown) => (e instanceof ScopeError ? null : Promise.reject(e)));
          expect(table, `${a.role} ${a.id}?${a.query}`).not.toBeNull();
          expect(a.body, `${a.role} ${a.id}?${a.query}`).toEqual(
            JSON.parse(JSON.stringify(tableJson(table!))),
          );
        }
      });
    } finally {
      await cold.close();
    }
  }, 2_400_000);
});
