/**
 * The built dashboard against a small generated warehouse, for tests that drive it over HTTP or in
 * a browser. One call does what a deployment does: the real generator and loader (with the 11 NHS
 * Digital PCN workforce files, so national link-worker FTE is real), `vite build`, an admin account
 * and API token in the accounts store, and `node build/index.js` on a free port.
 *
 * Used by tests/e2e/global-setup.ts (one server for tests/e2e and tests/api); other suites may
 * import `startDashboard` to get their own, and so does `npm run bench` (so it lives here, in the
 * layer both sit on, not in tests/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const WORKFORCE_DIR = join(ROOT, 'warehouse/reference/pcn_workforce');
export const ADMIN = { name: 'e2e-admin', password: 'e2e admin password, not a secret' } as const;

export interface Dashboard {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  baseUrl: string;
  /** the warehouse file (SPO_DB); accounts live beside it */
  db: string;
  dir: string;
  /** `Authorization: Bearer <token>` for the admin */
  adminToken: string;
  stop(): Promise<void>;
}

export interface DashboardOptions {
  referrals?: number;
  months?: number;
  /** first month, YYYY-MM */
  from?: string;
  seed?: number;
  /** skip `vite build` when build/index.js is fresh enough for the caller */
  build?: boolean;
  /** extra environment for the server (e.g. SPO_PUBLIC: '1') */
  env?: Record<string, string>;
}

/** Runs a child process to completion, failing with its output. */
function run(args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? ok() : fail(new Error(`${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`)),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** `vite build` into build/ (the adapter-node output the server runs). */
export const buildDashboard = () =>
  run([join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error']);

/** Generates and loads a warehouse with the real CLI (generate, then load with the NHSD files). */
export async function generateWarehouse(dir: string, o: DashboardOptions = {}): Promise<string> {
  const extracts = join(dir, 'extracts');
  const db = join(dir, 'warehouse.duckdb');
  const spo = join(ROOT, 'bin/spo.js');
  await run([
    spo,
    'generate',
    '--out',
    extracts,
    '--referrals',
    String(o.referrals ?? 20000),
    '--months',
    String(o.months ?? 12),
    '--from',
    o.from ?? '2024-04',
    '--seed',
    String(o.seed ?? 7),
  ]);
  await run([spo, 'load', extracts, WORKFORCE_DIR, '--db', db]);
  return db;
}

/** Adds the admin account and an API token to the accounts store beside `db`. */
async function addAdmin(db: string): Promise<string> {
  const { AuthStore } = await import('../../src/lib/server/auth/store.ts');
  const { hashPassword } = await import('../../src/lib/server/auth/passwords.ts');
  const store = new AuthStore(db);
  try {
    store.addUser(ADMIN.name, 'admin', [], await hashPassword(ADMIN.password));
    return store.createToken(ADMIN.name, 'e2e').token;
  } finally {
    store.close();
  }
}

/** Starts `node build/index.js` against `db`; resolves once it answers. */
export async function startServer(
  db: string,
  env: Record<string, string> = {},
): Promise<{ baseUrl: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'build/index.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // adapter-node takes the origin from Host and assumes https unless a proxy header says
      // otherwise: browsers (bench/harness/browser.ts) send `x-forwarded-proto: http`, as a proxy would
      PROTOCOL_HEADER: 'x-forwarded-proto',
      SPO_DB: db,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the dashboard server exited with ${child.exitCode}`);
    const up = await fetch(`${baseUrl}/login`, { redirect: 'manual' }).then(
      () => true,
      () => false,
    );
    if (up) return { baseUrl, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('the dashboard server did not start in 30 s');
}

/** Everything: warehouse, build, admin, server. Call `stop()` to end the server and remove the data. */
export async function startDashboard(o: DashboardOptions = {}): Promise<Dashboard> {
  const dir = await mkdtemp(join(tmpdir(), 'spo-e2e-'));
  // the build and the load are separate processes: run them side by side
  const [db] = await Promise.all([generateWarehouse(dir, o), o.build === false ? null : buildDashboard()]);
  const adminToken = await addAdmin(db);
  const server = await startServer(db, o.env);
  return {
    baseUrl: server.baseUrl,
    db,
    dir,
    adminToken,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
