import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/passwords.ts';
import { canSeeArea, finestLevelIn, PUBLIC_SCOPE, scopeFor } from '../../src/lib/server/auth/scope.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'spo-auth-'));
const warehouse = join(dir, 'warehouse.duckdb');
const store = new AuthStore(warehouse);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounts store', () => {
  it('keeps the key 0600 beside the warehouse, and accounts in SQLite (WAL)', () => {
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(store.file).toBe(join(dir, 'accounts.sqlite'));
    expect((store.db.prepare('pragma journal_mode').get() as { journal_mode: string }).journal_mode).toBe(
      'wal',
    );
  });

  it('hashes passwords with argon2id', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
  });

  it('stores sessions only as keyed hashes, expires them when idle or too old, and revokes them', async () => {
    store.addUser('amy', 'viewer', [], await hashPassword('correct horse battery'));
    const token = store.createSession('amy');
    const stored = store.db.prepare('select id_hash from sessions').all() as { id_hash: string }[];
    expect(stored.map((r) => r.id_hash)).not.toContain(token);
    expect(store.checkSession(token, 60_000, 3600_000)?.principal.name).toBe('amy');
    // idle: last use a minute and a bit ago with a one-minute idle limit
    store.db.prepare('update sessions set last_seen = last_seen - 61000').run();
    expect(store.checkSession(token, 60_000, 3600_000)).toBeNull();
    // absolute
    const t2 = store.createSession('amy');
    store.db.prepare('update sessions set created_at = created_at - 7200000 where revoked_at is null').run();
    expect(store.checkSession(t2, 60_000, 3600_000)).toBeNull();
    // revocation
    const t3 = store.createSession('amy');
    expect(store.checkSession(t3, 60_000, 3600_000)).not.toBeNull();
    store.revokeSession(t3);
    expect(store.checkSession(t3, 60_000, 3600_000)).toBeNull();
  });

  it('refuses revoked and forged API tokens', async () => {
    store.addUser('ian', 'icb', ['QHM'], await hashPassword('correct horse battery'));
    const { id, token } = store.createToken('ian', 'test');
    expect(store.checkToken(token)?.icbs).toEqual(['QHM']);
    expect(store.checkToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(store.revokeTokens({ id })).toBe(1);
    expect(store.checkToken(token)).toBeNull();
  });

  it('limits failed sign-ins per account and attempts per address', () => {
    const limits = { maxFailures: 3, maxPerAddress: 5, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) store.recordLogin('amy', '10.0.0.1', false);
    expect(store.loginBlocked('amy', '10.0.0.2', limits)).toBeGreaterThan(0);
    expect(store.loginBlocked('ian', '10.0.0.3', limits)).toBe(0);
    for (let i = 0; i < 5; i++) store.recordLogin(`u${i}`, '10.0.0.9', false);
    expect(store.loginBlocked('someone', '10.0.0.9', limits)).toBeGreaterThan(0);
    // addresses are kept only as HMAC pseudonyms
    const raw = JSON.stringify(store.db.prepare('select * from login_attempts').all());
    expect(raw).not.toContain('10.0.0.9');
  });
});

describe('alert thresholds, saved per user', () => {
  it('keeps each user’s own, survives a second store on the same file, and removes them with the user', () => {
    store.addUser('alert-a', 'viewer', [], null);
    store.addUser('alert-b', 'icb', ['QHM'], null);
    expect(store.alertRules('alert-a')).toBeNull();
    store.saveAlertRules('alert-a', { behindFte: 2.5, waitsOver: 0.2 });
    store.saveAlertRules('alert-b', { behindFte: null, waitsOver: 0.35 });
    // another process's view of the same file (the CLI beside the server)
    const second = new AuthStore(warehouse);
    try {
      expect(second.alertRules('alert-a')).toEqual({ behindFte: 2.5, waitsOver: 0.2 });
      expect(second.alertRules('alert-b')).toEqual({ behindFte: null, waitsOver: 0.35 });
    } finally {
      second.close();
    }
    // saving again replaces; both null removes
    store.saveAlertRules('alert-a', { behindFte: 0, waitsOver: null });
    expect(store.alertRules('alert-a')).toEqual({ behindFte: 0, waitsOver: null });
    store.saveAlertRules('alert-a', { behindFte: null, waitsOver: null });
    expect(store.alertRules('alert-a')).toBeNull();
    store.removeUser('alert-b');
    expect(
      store.db.prepare("select count(*) as n from alert_rules where user_name = 'alert-b'").get(),
    ).toEqual({
      n: 0,
    });
  });

  it('refuses a bad threshold or an unknown user, naming it, and keeps what was saved', () => {
    store.addUser('alert-c', 'viewer', [], null);
    store.saveAlertRules('alert-c', { behindFte: 1, waitsOver: null });
    expect(() => store.saveAlertRules('alert-c', { behindFte: -1, waitsOver: null })).toThrow(
      /behindFte must be a number of FTE ≥ 0 or null, got -1/,
    );
    expect(() => store.saveAlertRules('alert-c', { behindFte: null, waitsOver: 20 })).toThrow(
      /waitsOver must be a share between 0 and 1 or null, got 20/,
    );
    expect(() => store.saveAlertRules('nobody', { behindFte: 1, waitsOver: null })).toThrow(
      /no user "nobody"/,
    );
    expect(store.alertRules('alert-c')).toEqual({ behindFte: 1, waitsOver: null });
  });
});

describe('alert areas, saved per user', () => {
  it('keeps the areas a user chose with their thresholds, and refuses what is not an area code', () => {
    store.addUser('alert-d', 'viewer', [], null);
    store.saveAlertRules('alert-d', { behindFte: null, waitsOver: 0.1, areas: ['ICB:QHM', 'E'] });
    expect(store.alertRules('alert-d')).toEqual({ behindFte: null, waitsOver: 0.1, areas: ['ICB:QHM', 'E'] });
    // saved without areas: the default areas again (no areas key)
    store.saveAlertRules('alert-d', { behindFte: null, waitsOver: 0.1 });
    expect(store.alertRules('alert-d')).toStrictEqual({ behindFte: null, waitsOver: 0.1 });
    expect(() =>
      store.saveAlertRules('alert-d', { behindFte: 1, waitsOver: null, areas: ['ICB:QHM', 'x; y'] }),
    ).toThrow(/areas must be area codes such as E or ICB:QHM, got \["ICB:QHM","x; y"\]/);
  });

  it('adds the areas column to an accounts store made before it, keeping the thresholds saved', () => {
    const old = mkdtempSync(join(tmpdir(), 'spo-auth-old-'));
    try {
      const before = new AuthStore(join(old, 'warehouse.duckdb'));
      before.addUser('alert-e', 'viewer', [], null);
      // the table as it was made before areas could be chosen
      before.db.exec(`drop table alert_rules;
        create table alert_rules (
          user_name text primary key references users(name) on delete cascade,
          behind_fte real check (behind_fte is null or behind_fte >= 0),
          waits_over real check (waits_over is null or (waits_over >= 0 and waits_over <= 1)),
          updated_at integer not null
        ) strict;
        insert into alert_rules values ('alert-e', 2, null, 1);`);
      before.close();
      const after = new AuthStore(join(old, 'warehouse.duckdb'));
      try {
        expect(after.alertRules('alert-e')).toStrictEqual({ behindFte: 2, waitsOver: null });
        after.saveAlertRules('alert-e', { behindFte: 2, waitsOver: null, areas: ['REGION:Y63'] });
        expect(after.alertRules('alert-e')?.areas).toEqual(['REGION:Y63']);
      } finally {
        after.close();
      }
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});

describe('scopes', () => {
  const icb = scopeFor({ name: 'ian', role: 'icb', icbs: ['QHM'] });
  const viewer = scopeFor({ name: 'amy', role: 'viewer', icbs: [] });
  const admin = scopeFor({ name: 'root', role: 'admin', icbs: [] });
  it.each([
    // scope, area, its ICB, may see
    [PUBLIC_SCOPE, 'E', null, true],
    [PUBLIC_SCOPE, 'REGION', null, false],
    [PUBLIC_SCOPE, 'ICB', 'QHM', false],
    [viewer, 'REGION', null, true],
    [viewer, 'ICB', 'QE1', true],
    [viewer, 'SICBL', 'QE1', false],
    [viewer, 'PCN', 'QHM', false],
    [icb, 'PCN', 'QHM', true],
    [icb, 'SICBL', 'QHM', true],
    [icb, 'PCN', 'QE1', false],
    [icb, 'ICB', 'QE1', true],
    [admin, 'PCN', 'QE1', true],
  ] as const)('%#: %o sees %s in %s: %s', (scope, level, parent, ok) => {
    expect(canSeeArea(scope, { level, code: 'X' }, parent)).toBe(ok);
  });
  it('breaks an ICB down below ICB level only for its own users and admins', () => {
    expect(finestLevelIn(viewer, 'QHM')).toBe('ICB');
    expect(finestLevelIn(icb, 'QHM')).toBe('PCN');
    expect(finestLevelIn(icb, 'QE1')).toBe('ICB');
    expect(finestLevelIn(admin, 'QE1')).toBe('PCN');
  });
});
