/**
 * Sign-in in a real browser over plain http, through the wrapper `spo serve` runs
 * (bin/cli/serve-http.ts states the protocol per request: adapter-node 6 no longer reads
 * ORIGIN). The shared harness sends a fake `x-forwarded-proto`; here nothing is faked: the browser
 * sends only what a browser sends. A control shows the same build without the wrapper refuses the
 * sign-in form (it assumes https, so the http Origin looks cross-site).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { openSession } from '../../bench/harness/browser.ts';
import { freePort, ROOT } from '../../bench/harness/dashboard.ts';

const USER = { name: 'http-viewer', password: 'a viewer over plain http' };
let dir = '';
const children: ChildProcess[] = [];

async function serve(args: string[], db: string): Promise<string> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SPO_DB: db,
    ...accounts(),
  };
  delete env.PROTOCOL_HEADER;
  delete env.ORIGIN;
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${base}/login`).then(
        () => true,
        () => false,
      )
    )
      return base;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${args.join(' ')} did not start`);
}

/** An accounts store and key of this file's own, so the shared warehouse's accounts are untouched. */
const accounts = () => ({
  SPO_ACCOUNTS: join(dir, 'accounts.sqlite'),
  SPO_SECRET_FILE: join(dir, 'secret.key'),
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-http-'));
  const saved = { a: process.env.SPO_ACCOUNTS, k: process.env.SPO_SECRET_FILE };
  Object.assign(process.env, accounts());
  try {
    const store = new AuthStore(inject('db'));
    store.addUser(USER.name, 'viewer', [], await hashPassword(USER.password));
    store.close();
  } finally {
    for (const [k, v] of [
      ['SPO_ACCOUNTS', saved.a],
      ['SPO_SECRET_FILE', saved.k],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

it('signs in over plain http through serve-http.ts, with no proxy header faked', async () => {
  const base = await serve([join(ROOT, 'bin/cli/serve-http.ts')], inject('db'));
  const session = await openSession(base, null);
  try {
    // the shared helper adds x-forwarded-proto for the harness; this browser sends nothing extra
    await session.context.setExtraHTTPHeaders({});
    const sent: string[] = [];
    session.page.on('request', (r) => {
      if (r.headers()['x-forwarded-proto'] || r.headers()['x-spo-protocol']) sent.push(r.url());
    });
    const page = session.page;
    await page.goto('/login', { waitUntil: 'networkidle' });
    await page.fill('input[name="name"]', USER.name);
    await page.fill('input[name="password"]', USER.password);
    await page.click('form[method="POST"] button[type="submit"]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
    expect(new URL(page.url()).protocol).toBe('http:');
    const cookies = await session.context.cookies();
    expect(cookies.some((c) => /spo_session$/.test(c.name) && c.httpOnly)).toBe(true);
    const res = await page.goto('/referrals', { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    // signed in as a viewer: no PCN detail anywhere, and the PCN breakdown refused with a reason
    expect(await page.content()).not.toMatch(/value="PCN:/);
    const api = await page.request.get('/api/v1/capacity-by-pcn');
    expect(api.status()).toBe(403);
    expect(sent).toEqual([]);
  } finally {
    await session.close();
  }
});

it('control: the bare adapter over http (no wrapper, no proxy header) refuses the same sign-in', async () => {
  const base = await serve([join(ROOT, 'build/index.js')], inject('db'));
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: USER.name, password: USER.password }),
  });
  expect(res.status).toBe(403);
});
