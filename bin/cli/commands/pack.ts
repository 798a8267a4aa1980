import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../pipelines/db/database.ts';
import { PROJECT_DIR, warehouseFile } from '../../../src/lib/config/paths.ts';
import { latestCompleteYear, renderPack } from '../../../src/lib/server/pack/pack.ts';
import { currentSnapshot } from '../../../pipelines/publish/publish.ts';
import { parse, UsageError } from '../args.ts';
import { ensureDashboardBuilt } from './serve.ts';
import { AuthStore } from '../../../src/lib/server/auth/store.ts';

export const packHelp = `spo pack --area AREA [--period YYYY-YY] --out FILE.pdf [--url URL --token T] [--db FILE]
  The commissioner pack for an area (E, REGION:, ICB:, SICBL: or PCN: code) and financial year
  (default: the latest complete one): the dashboard's pages, printed by their print stylesheet in
  Chromium into one A4 PDF. Starts the built dashboard on a free local port unless --url names a
  running one (then --token is an API token for it).`;

const freePort = () =>
  new Promise<number>((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/** Starts the built dashboard on the warehouse's snapshot; resolves once it answers. */
export async function startDashboard(
  db: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess }> {
  await ensureDashboardBuilt();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(PROJECT_DIR, 'build', 'index.js')], {
    cwd: PROJECT_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, SPO_DB: db, ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dashboard stopped: ${stderr.trim().split('\n').pop()}`);
    const ok = await fetch(`${url}/api/v1`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return { url, child };
    if (Date.now() > end) {
      child.kill('SIGTERM');
      throw new Error('the dashboard did not start within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The latest complete financial year in the published snapshot. */
export async function defaultPeriod(db: string): Promise<string> {
  const snapshot = await currentSnapshot(db);
  if (!snapshot)
    throw new Error(`nothing is published for ${db} yet: run  spo load DIR  (or  spo demo) first`);
  const s = await openDatabase(snapshot, { readOnly: true });
  try {
    const r = await s.one<{ m: string | null }>(
      `select strftime(max(month), '%Y-%m') as m from marts.referrals_monthly`,
    );
    if (!r?.m) throw new Error('the published snapshot has no referrals yet');
    return latestCompleteYear(r.m);
  } finally {
    s.close();
  }
}

export async function packCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    area: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    db: { type: 'string' },
  });
  if (!values.area) throw new UsageError('give the area: --area ICB:QWE (or E, REGION:, SICBL:, PCN:)');
  if (!values.out) throw new UsageError('give the file to write: --out pack.pdf');
  const db = warehouseFile(values.db);
  const period = values.period ?? (await defaultPeriod(db));
  const server = values.url ? null : await startDashboard(db);
  // Against its own server the pack signs in as a temporary user, removed when it is done.
  const store = values.url ? null : new AuthStore(db);
  const user = `spo-pack-${process.pid}`;
  let token = values.token;
  if (store) {
    store.addUser(user, 'admin', [], null);
    token = store.createToken(user, 'spo pack').token;
  }
  try {
    const report = await renderPack({
      baseUrl: values.url ?? server!.url,
      area: values.area,
      period,
      out: resolve(values.out),
      headers: token ? { authorization: `Bearer ${token}` } : undefined,
    });
    for (const s of report.sections)
      if (!s.included) process.stderr.write(`not in the pack: ${s.title} (${s.path} is not available)\n`);
    process.stdout.write(
      `wrote ${report.out}: ${values.area}, ${period}, ${report.sections.filter((s) => s.included).length} sections\n`,
    );
    return 0;
  } finally {
    server?.child.kill('SIGTERM');
    if (store) {
      store.revokeTokens({ user });
      store.removeUser(user);
      store.close();
    }
  }
}
