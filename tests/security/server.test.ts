/**
 * The built dashboard server, signed in as each role (and anonymously with public mode on and
 * off), asked for every page, download and API dataset for its own and another ICB.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

const ROOT = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'spo-sec-'));
const db = join(dir, 'warehouse.duckdb');
const PASSWORD = 'correct horse battery';
// docs/examples: referrals in PCN U07032 (sub-ICB 16C) of ICB QHM; QE1 is another ICB (PCN U01901)
const OWN = { icb: 'QHM', sicbl: '16C', pcn: 'U07032' };
const OTHER = { icb: 'QE1', pcn: 'U01901' };
const servers: ChildProcess[] = [];
let PRIVATE = '';
let PUBLIC = '';
let token = '';

async function start(port: number, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'build', 'index.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SPO_DB: db,
      BODY_SIZE_LIMIT: '65536',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  servers.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/login`).then(
        () => true,
        () => false,
      )
    )
      return base;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'build', 'index.js')) || process.env.SPO_TEST_BUILD)
    spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
      { stdio: 'inherit' },
    );
  const load = spawnSync(
    process.execPath,
    [join(ROOT, 'bin/spo.js'), 'load', join(ROOT, 'docs/examples'), '--db', db],
    { encoding: 'utf8' },
  );
  if (load.status !== 0) throw new Error(load.stderr);
  const store = new AuthStore(db);
  const hash = await hashPassword(PASSWORD);
  store.addUser('root', 'admin', [], hash);
  store.addUser('amy', 'viewer', [], hash);
  store.addUser('ian', 'icb', [OWN.icb], hash);
  store.addUser('rita', 'viewer', [], hash);
  token = store.createToken('ian', 'matrix').token;
  store.close();
  const port = 39000 + Math.floor(Math.random() * 1000);
  PRIVATE = await start(port, { SPO_LOGIN_MAX_FAILURES: '3' });
  PUBLIC = await start(port + 1, { SPO_PUBLIC: '1' });
});

afterAll(() => {
  for (const s of servers) s.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** The adapter derives the origin from the Host header and (no proxy header) https. */
const originOf = (base: string) => base.replace('http:', 'https:');

function get(base: string, path: string, headers: Record<string, string> = {}) {
  return fetch(base + path, { redirect: 'manual', headers });
}

async function signIn(base: string, name: string, password = PASSWORD, cookie = '') {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: originOf(base),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      cookie,
    },
    body: new URLSearchParams({ name, password, next: '/' }),
  });
  const set = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-spo_session=') && !/Max-Age=0/.test(c));
  return { res, set, cookie: set ? set.split(';')[0] : '' };
}

describe('role matrix', () => {
  const cookies: Record<string, string> = {};
  /** every current area in the warehouse, from the admin's area list */
  let places: { pcn: string; sicbl: string; icb: string; region: string }[] = [];
  let datasetIds: string[] = [];
  const AREAS: Record<string, string> = {
    E: '',
    ownRegion: '',
    ownIcb: `ICB:${OWN.icb}`,
    otherIcb: `ICB:${OTHER.icb}`,
    ownSicbl: `SICBL:${OWN.sicbl}`,
    ownPcn: `PCN:${OWN.pcn}`,
    otherPcn: `PCN:${OTHER.pcn}`,
  };
  beforeAll(async () => {
    for (const name of ['root', 'amy', 'ian']) cookies[name] = (await signIn(PRIVATE, name)).cookie;
    const areas = (await (await get(PRIVATE, '/api/v1/areas', { cookie: cookies.root })).json()) as {
      rows: Record<string, string>[];
    };
    places = areas.rows.map((r) => ({
      pcn: r.pcn_code,
      sicbl: r.sub_icb_code,
      icb: r.icb_code,
      region: r.region_code,
    }));
    AREAS.ownRegion = `REGION:${places.find((p) => p.icb === OWN.icb)!.region}`;
    const cat = (await (await get(PRIVATE, '/api/v1', { cookie: cookies.root })).json()) as {
      datasets: { id: string }[];
    };
    datasetIds = cat.datasets.map((d) => d.id);
    expect(datasetIds).toContain('capacity-by-pcn');
    expect(places.some((p) => p.icb === OTHER.icb)).toBe(true);
  });

  type AreaKey = keyof typeof AREAS;
  type Who = 'anonymous' | 'public' | 'viewer' | 'icb' | 'icbToken' | 'admin';
  const WHO: Who[] = ['anonymous', 'public', 'viewer', 'icb', 'icbToken', 'admin'];
  const AREA_KEYS: AreaKey[] = ['E', 'ownRegion', 'ownIcb', 'otherIcb', 'ownSicbl', 'ownPcn', 'otherPcn'];
  // which areas each may open at all (anything else: 303/401 to sign in, or 403)
  const SEES: Record<Who, AreaKey[]> = {
    anonymous: [],
    public: ['E'],
    viewer: ['E', 'ownRegion', 'ownIcb', 'otherIcb'],
    icb: ['E', 'ownRegion', 'ownIcb', 'otherIcb', 'ownSicbl', 'ownPcn'],
    icbToken: ['E', 'ownRegion', 'ownIcb', 'otherIcb', 'ownSicbl', 'ownPcn'],
    admin: ['E', 'ownRegion', 'ownIcb', 'otherIcb', 'ownSicbl', 'ownPcn', 'otherPcn'],
  };
  /** areas in which the role may see a PCN breakdown (at least one PCN it covers lies inside) */
  const PCN_ROWS: Record<Who, AreaKey[]> = {
    anonymous: [],
    public: [],
    viewer: [],
    icb: ['E', 'ownRegion', 'ownIcb', 'ownSicbl', 'ownPcn'],
    icbToken: ['E', 'ownRegion', 'ownIcb', 'ownSicbl', 'ownPcn'],
    admin: AREA_KEYS,
  };
  /** areas the role may see broken down one level (compare: ICBs of England or a region, PCNs of an ICB) */
  const CHILD_ROWS: Record<Who, AreaKey[]> = {
    anonymous: [],
    public: [],
    viewer: ['E', 'ownRegion'],
    icb: ['E', 'ownRegion', 'ownIcb', 'ownSicbl', 'ownPcn'],
    icbToken: ['E', 'ownRegion', 'ownIcb', 'ownSicbl', 'ownPcn'],
    admin: AREA_KEYS,
  };
  const isIcb = (who: Who) => who === 'icb' || who === 'icbToken';

  const request = (who: Who, path: string) => {
    const base = who === 'public' ? PUBLIC : PRIVATE;
    const headers: Record<string, string> =
      who === 'viewer'
        ? { cookie: cookies.amy }
        : isIcb(who)
          ? who === 'icb'
            ? { cookie: cookies.ian }
            : { authorization: `Bearer ${token}` }
          : who === 'admin'
            ? { cookie: cookies.root }
            : {};
    return get(base, path, headers);
  };

  const PAGES = ['/', '/referrals', '/capacity', '/compare', '/outcomes', '/equity', '/loneliness'];
  const ADMIN_ONLY = /^\/api\/v1\/(data-quality|dq-)/;

  /** The status the role must get for a path and area, and what must not be in the body. */
  function expected(who: Who, path: string, area: AreaKey): number[] {
    if (who === 'anonymous') return path.startsWith('/api/') ? [401] : [303];
    if (ADMIN_ONLY.test(path) && who !== 'admin') return who === 'public' ? [303] : [403];
    if (!SEES[who].includes(area)) return [403];
    const dataset = /^\/api\/v1\/([a-z-]+)/.exec(path)?.[1];
    if (dataset === 'capacity-by-pcn' || dataset === 'dq-completeness-by-pcn')
      return PCN_ROWS[who].includes(area) ? [200] : [403];
    // datasets of the areas one level down (the registry's `breakdown: 'child'`)
    if (dataset === 'compare' || dataset === 'workforce-by-area' || path === '/compare')
      return CHILD_ROWS[who].includes(area) ? [200] : [403];
    return [200];
  }

  /** Codes the role must never see in a body: PCNs and sub-ICBs outside its detail, areas below England for the public. */
  function forbiddenCodes(who: Who): string[] {
    if (who === 'admin') return [];
    const out = new Set<string>();
    for (const p of places) {
      const detail = isIcb(who) && p.icb === OWN.icb;
      if (!detail) {
        out.add(p.pcn);
        if (p.sicbl) out.add(p.sicbl);
      }
      if (who === 'public' || who === 'anonymous') {
        out.add(p.icb);
        out.add(p.region);
      }
    }
    return [...out].filter((c) => c && c.length >= 3);
  }

  const cases = () =>
    WHO.flatMap((who) =>
      [...PAGES, ...datasetIds.flatMap((id) => [`/api/v1/${id}`, `/api/v1/${id}?format=csv`])].flatMap(
        (path) => AREA_KEYS.map((area) => [who, path, area] as const),
      ),
    );

  it('every role × page, download and API dataset × area: the status and content the role may see', async () => {
    const failures: string[] = [];
    const all = cases();
    expect(all.length).toBeGreaterThan(1000);
    const forbidden = Object.fromEntries(
      WHO.map((who) => [who, new RegExp(`\\b(${forbiddenCodes(who).join('|') || '(?!)'})\\b`)]),
    ) as Record<Who, RegExp>;
    // two at a time: the server has two cores
    for (let i = 0; i < all.length; i += 2) {
      await Promise.all(
        all.slice(i, i + 2).map(async ([who, path, area]) => {
          const q = AREAS[area] ? `${path.includes('?') ? '&' : '?'}area=${AREAS[area]}` : '';
          const res = await request(who, path + q);
          const body = await res.text();
          const want = expected(who, path, area);
          if (!want.includes(res.status))
            failures.push(`${who} ${path + q}: ${res.status}, wanted ${want} — ${body.slice(0, 160)}`);
          if (res.status === 403 && path.startsWith('/api/') && !/"error"/.test(body))
            failures.push(`${who} ${path + q}: 403 without a JSON error`);
          const leak = forbidden[who].exec(body);
          if (leak) failures.push(`${who} ${path + q}: names ${leak[1]}, which the role may not see`);
        }),
      );
    }
    expect(failures.slice(0, 40)).toEqual([]);
  }, 600_000);

  it('gives an ICB user England’s figures for England, not their own ICB’s', async () => {
    // workforce carries FTE per 50,000 of the area's patients: England's patients, not the ICB's
    for (const id of ['referrals', 'workforce', 'outcomes']) {
      const mine = await (await request('icb', `/api/v1/${id}`)).json();
      const national = await (await request('admin', `/api/v1/${id}`)).json();
      expect(mine.area.name).toBe('England');
      expect(mine.rows, id).toEqual(national.rows);
    }
  });

  it('lists in the area picker only what the role may open', async () => {
    const viewer = await (await request('viewer', '/referrals')).text();
    expect(viewer).toContain(`ICB:${OTHER.icb}`);
    expect(viewer).not.toMatch(/value="(SICBL|PCN):/);
    const icb = await (await request('icb', `/referrals?area=ICB:${OWN.icb}`)).text();
    expect(icb).toContain(`PCN:${OWN.pcn}`);
    expect(icb).toContain(`SICBL:${OWN.sicbl}`);
    const otherSicbls = places.filter((p) => p.icb !== OWN.icb && p.sicbl).map((p) => `SICBL:${p.sicbl}`);
    for (const s of otherSicbls) expect(icb).not.toContain(s);
    const pub = await (await request('public', '/')).text();
    expect(pub).not.toMatch(/value="(REGION|ICB|SICBL|PCN):/);
  });

  it('withholds the PCN table on /capacity with a reason, and says why a breakdown is refused', async () => {
    const page = await request('viewer', '/capacity');
    expect(page.status).toBe(200);
    const api = await request('viewer', '/api/v1/capacity-by-pcn');
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/single PCNs/);
    const compare = await request('viewer', `/compare?area=ICB:${OTHER.icb}`);
    expect(compare.status).toBe(403);
    expect(await compare.text()).toMatch(/not broken down further/);
  });

  it('differencing overlapping filters never gives a count of 1 to 7', async () => {
    type Rows = { rows: { code: string; referrals: number | null }[] };
    const rows = async (who: Who, area: string) =>
      ((await (await request(who, `/api/v1/compare${area ? `?area=${area}` : ''}`)).json()) as Rows).rows;
    const total = (rs: Rows['rows']) => rs.reduce((s, r) => s + (r.referrals ?? 0), 0);
    const bad = (d: number) => d >= 1 && d <= 7;
    for (const who of ['viewer', 'icb', 'admin'] as Who[]) {
      const england = await rows(who, '');
      const region = await rows(who, AREAS.ownRegion);
      const T = total(england);
      // England minus one ICB, from England's rows; and from the region's rows
      for (const x of england) expect(bad(T - (T - (x.referrals ?? 0))), `${who} ${x.code}`).toBe(false);
      for (const x of region) {
        const inEngland = england.find((r) => r.code === x.code);
        expect(inEngland?.referrals, `${who} ${x.code} in England and in its region`).toBe(x.referrals);
        expect(bad(T - (T - total(region)) - (total(region) - (x.referrals ?? 0)))).toBe(false);
      }
      if (who === 'viewer') continue;
      // an ICB and the same ICB minus one PCN, via the PCN rows
      const pcns = await rows(who, `ICB:${OWN.icb}`);
      const icbRow = england.find((r) => r.code === OWN.icb)!.referrals ?? 0;
      expect(total(pcns), `${who}: the ICB's row is the sum of its PCN rows`).toBe(icbRow);
      for (const p of pcns) {
        const d = icbRow - (total(pcns) - (p.referrals ?? 0));
        expect(bad(d), `${who} ${p.code}: ${d}`).toBe(false);
      }
    }
  });

  it.each([
    ['anonymous', [303]],
    ['public', [303]],
    ['viewer', [403]],
    ['icb', [403]],
    ['icbToken', [403]],
    ['admin', [200]],
  ] as [Who, number[]][])('admin-only pages and datasets: %s', async (who, statuses) => {
    for (const path of ['/admin', '/api/v1/data-quality', '/api/v1/dq-rejects']) {
      const res = await request(who, path);
      const expectedStatus =
        path.startsWith('/api/') && who === 'anonymous'
          ? [401]
          : path.startsWith('/api/') && who === 'public'
            ? [303, 401]
            : statuses;
      expect(expectedStatus, `${who} ${path}`).toContain(res.status);
    }
  });

  it('logs who viewed which dataset and area, for admins to see', async () => {
    const page = await (await request('admin', '/admin')).text();
    expect(page).toContain('Access log');
    expect(page).toContain(`ICB:${OWN.icb}`);
    expect(page).toContain('ian');
  });
});

describe('sessions and sign-in', () => {
  it('sets a __Host- cookie: HttpOnly, Secure, SameSite, Path=/, no Domain', async () => {
    const { res, set } = await signIn(PRIVATE, 'amy');
    expect(res.status).toBe(303);
    expect(set).toMatch(/^__Host-spo_session=[A-Za-z0-9_-]{43};/);
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; Secure/i);
    expect(set).toMatch(/; SameSite=Lax/i);
    expect(set).toMatch(/; Path=\//i);
    expect(set).not.toMatch(/Domain=/i);
  });

  it('rotates the session on sign-in: the old identifier stops working', async () => {
    const first = await signIn(PRIVATE, 'amy');
    expect((await get(PRIVATE, '/', { cookie: first.cookie })).status).toBe(200);
    const second = await signIn(PRIVATE, 'amy', PASSWORD, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await get(PRIVATE, '/', { cookie: first.cookie })).status).toBe(303);
    expect((await get(PRIVATE, '/', { cookie: second.cookie })).status).toBe(200);
  });

  it('ends the session on sign-out, on the server', async () => {
    const { cookie } = await signIn(PRIVATE, 'amy');
    const out = await fetch(`${PRIVATE}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        origin: originOf(PRIVATE),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      body: '',
    });
    expect(out.status).toBe(303);
    expect((await get(PRIVATE, '/', { cookie })).status).toBe(303);
  });

  it('expires an idle session', async () => {
    const { cookie } = await signIn(PRIVATE, 'amy');
    const store = new AuthStore(db);
    store.db.prepare(`update sessions set last_seen = last_seen - 31 * 60000 where user_name = 'amy'`).run();
    store.close();
    expect((await get(PRIVATE, '/', { cookie })).status).toBe(303);
  });

  it('refuses a revoked API token', async () => {
    const store = new AuthStore(db);
    const { token: t, id } = store.createToken('amy', 'to revoke');
    expect((await get(PRIVATE, '/api/v1/referrals', { authorization: `Bearer ${t}` })).status).toBe(200);
    store.revokeTokens({ id });
    store.close();
    const res = await get(PRIVATE, '/api/v1/referrals', { authorization: `Bearer ${t}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('rate-limits failed sign-ins for an account', async () => {
    for (let i = 0; i < 3; i++)
      expect((await signIn(PRIVATE, 'rita', 'not the password')).res.status).toBe(400);
    const blocked = await signIn(PRIVATE, 'rita');
    expect(blocked.res.status).toBe(429);
    expect(blocked.cookie).toBe('');
  });
});

describe('web hardening', () => {
  it('refuses a cross-site POST, form or JSON', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) {
      const res = await fetch(`${PRIVATE}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: 'https://evil.example', 'content-type': type },
        body: type.includes('json') ? '{}' : 'name=amy&password=x',
      });
      expect(res.status).toBe(403);
    }
    const noOrigin = await fetch(`${PRIVATE}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
  });

  it('sends a CSP and the security headers with every page', async () => {
    const { cookie } = await signIn(PRIVATE, 'root');
    for (const path of [
      '/login',
      '/',
      '/referrals',
      '/capacity',
      '/indicators',
      '/admin',
      '/data-quality',
      '/no-such-page',
    ]) {
      const res = await get(PRIVATE, path, { cookie });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/object-src 'none'/);
      expect(csp, path).toMatch(/base-uri 'none'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/script-src 'self'( 'nonce-[^']+'| 'sha256-[^']+')*;/);
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const html = await res.text();
      // every inline script is allowed by the CSP: by its nonce, or by the hash of its text
      for (const [, attrs, text] of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)) {
        const nonce = /nonce="([^"]+)"/.exec(attrs)?.[1];
        const hash = createHash('sha256').update(text).digest('base64');
        expect(
          (nonce && csp.includes(`'nonce-${nonce}'`)) || csp.includes(`'sha256-${hash}'`),
          `${path}: inline script not allowed by the CSP`,
        ).toBe(true);
      }
    }
  });

  it('refuses oversized bodies', async () => {
    const res = await fetch(`${PRIVATE}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: originOf(PRIVATE), 'content-type': 'application/x-www-form-urlencoded' },
      body: `name=amy&password=${'x'.repeat(200_000)}`,
    });
    expect(res.status).toBe(413);
  });

  it('shows no stack trace for a bad request', async () => {
    const { cookie } = await signIn(PRIVATE, 'root');
    const res = await get(PRIVATE, '/api/v1/referrals?from=2024-13', { cookie });
    const body = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(body).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+/);
  });
});
