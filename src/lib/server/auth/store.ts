/**
 * The accounts store: users, sessions, API tokens, sign-in attempts, the access log and each
 * user's alert thresholds (a user's own setting, so not in the read-only snapshot), in one
 * SQLite file beside the warehouse (docs/decisions/0006-auth-store-sqlite.md). The CLI and the
 * server both open it; WAL mode lets the server read while `spo users` writes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { accountsFile, keyFile } from '../../config/paths.ts';
import type { AlertRules } from '../../alerts.ts';
import { ROLES, type Role } from './config.ts';
import { hmac, loadKey, randomToken } from './keys.ts';
import type { Principal } from './scope.ts';

const SCHEMA = `
create table if not exists users (
  name text primary key,
  role text not null check (role in ('viewer', 'icb', 'admin')),
  icbs text not null default '[]',
  password_hash text,
  created_at integer not null,
  updated_at integer not null
) strict;
create table if not exists sessions (
  id_hash text primary key,
  user_name text not null references users(name) on delete cascade,
  created_at integer not null,
  last_seen integer not null,
  revoked_at integer
) strict;
create index if not exists sessions_user on sessions(user_name);
create table if not exists tokens (
  id text primary key,
  secret_hash text not null,
  user_name text not null references users(name) on delete cascade,
  label text,
  created_at integer not null,
  last_used integer,
  revoked_at integer
) strict;
create table if not exists login_attempts (
  at integer not null,
  account text not null,
  address text not null,
  ok integer not null
) strict;
create index if not exists login_attempts_account on login_attempts(account, at);
create index if not exists login_attempts_address on login_attempts(address, at);
create table if not exists access_log (
  id integer primary key,
  at integer not null,
  user_name text,
  role text not null,
  via text not null,
  method text not null,
  path text not null,
  dataset text,
  area text,
  status integer not null,
  address text
) strict;
create index if not exists access_log_at on access_log(at);
create table if not exists alert_rules (
  user_name text primary key references users(name) on delete cascade,
  behind_fte real check (behind_fte is null or behind_fte >= 0),
  waits_over real check (waits_over is null or (waits_over >= 0 and waits_over <= 1)),
  updated_at integer not null,
  areas text
) strict;
create table if not exists auth_events (
  id integer primary key,
  at integer not null,
  event text not null,
  user_name text,
  detail text
) strict;
`;

export interface UserRow {
  name: string;
  role: Role;
  icbs: string[];
  created_at: number;
  has_password: boolean;
}

export interface SessionCheck {
  principal: Principal;
  createdAt: number;
}

export interface AccessEntry {
  user: string | null;
  role: string;
  via: 'session' | 'token' | 'public' | 'anonymous';
  method: string;
  path: string;
  dataset: string | null;
  area: string | null;
  status: number;
  address: string | null;
}

export const NAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export class AuthStore {
  readonly file: string;
  readonly db: DatabaseSync;
  readonly #key: Buffer;

  constructor(warehouse: string) {
    this.file = accountsFile(warehouse);
    mkdirSync(dirname(this.file), { recursive: true });
    this.#key = loadKey(keyFile(warehouse));
    this.db = new DatabaseSync(this.file, { timeout: 5000 });
    this.db.exec('pragma journal_mode = wal; pragma foreign_keys = on; pragma synchronous = normal;');
    this.db.exec(SCHEMA);
    // accounts stores made before alerts could choose their areas lack the column: add it (null:
    // the user's default areas), so an upgrade keeps everyone's thresholds
    const alertColumns = this.db.prepare('pragma table_info(alert_rules)').all() as { name: string }[];
    if (!alertColumns.some((c) => c.name === 'areas'))
      this.db.exec('alter table alert_rules add column areas text');
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** HMAC-SHA-256 pseudonym with the key kept outside the database. */
  pseudonym(purpose: string, value: string): string {
    return hmac(this.#key, purpose, value);
  }

  #event(event: string, user: string | null, detail?: string) {
    this.db
      .prepare('insert into auth_events (at, event, user_name, detail) values (?, ?, ?, ?)')
      .run(Date.now(), event, user, detail ?? null);
  }

  // users --------------------------------------------------------------------------------------

  addUser(name: string, role: Role, icbs: string[], passwordHash: string | null): void {
    if (!NAME.test(name))
      throw new Error(`a user name is 2–64 lower-case letters, digits, . _ @ -: got "${name}"`);
    if (!ROLES.includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
    if (role === 'icb' && icbs.length === 0) throw new Error('an icb user needs at least one --icb CODE');
    if (role !== 'icb' && icbs.length > 0) throw new Error('--icb is only for the icb role');
    const now = Date.now();
    this.db
      .prepare(
        `insert into users (name, role, icbs, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?, ?)
         on conflict (name) do update set role = excluded.role, icbs = excluded.icbs,
           password_hash = coalesce(excluded.password_hash, users.password_hash), updated_at = excluded.updated_at`,
      )
      .run(name, role, JSON.stringify(icbs), passwordHash, now, now);
    // a changed role, area or password ends the person's sessions: the new rights apply at once
    this.revokeSessions(name);
    this.#event('user-saved', name, `${role} ${icbs.join(' ')}`.trim());
  }

  removeUser(name: string): boolean {
    const { changes } = this.db.prepare('delete from users where name = ?').run(name);
    if (changes) this.#event('user-removed', name);
    return changes > 0;
  }

  listUsers(): UserRow[] {
    const rows = this.db
      .prepare(
        'select name, role, icbs, created_at, password_hash is not null as has_password from users order by name',
      )
      .all() as { name: string; role: Role; icbs: string; created_at: number; has_password: number }[];
    return rows.map((r) => ({ ...r, icbs: JSON.parse(r.icbs) as string[], has_password: !!r.has_password }));
  }

  /** The stored hash and principal for sign-in, or null. */
  credentials(name: string): { principal: Principal; passwordHash: string | null } | null {
    const row = this.db
      .prepare('select name, role, icbs, password_hash from users where name = ?')
      .get(name) as { name: string; role: Role; icbs: string; password_hash: string | null } | undefined;
    if (!row) return null;
    return {
      principal: { name: row.name, role: row.role, icbs: JSON.parse(row.icbs) as string[] },
      passwordHash: row.password_hash,
    };
  }

  // alert thresholds ---------------------------------------------------------------------------

  /** The user's saved alert thresholds, or null when they have set none. */
  alertRules(name: string): AlertRules | null {
    const row = this.db
      .prepare('select behind_fte, waits_over, areas from alert_rules where user_name = ?')
      .get(name) as
      { behind_fte: number | null; waits_over: number | null; areas: string | null } | undefined;
    if (!row) return null;
    const rules: AlertRules = { behindFte: row.behind_fte, waitsOver: row.waits_over };
    // stored as a comma-separated list of area codes (E, ICB:QHM …), null for the default areas
    return row.areas ? { ...rules, areas: row.areas.split(',') } : rules;
  }

  /**
   * When the user's thresholds were last saved (ms), or null when they have none: part of the
   * page cache's key, so a page showing their alerts is rendered again once they change them.
   */
  alertRulesStamp(name: string): number | null {
    const row = this.db.prepare('select updated_at from alert_rules where user_name = ?').get(name) as
      { updated_at: number } | undefined;
    return row?.updated_at ?? null;
  }

  /**
   * Saves the user's thresholds in one statement (SQLite makes it atomic: a reader sees the old
   * row or the new, never half), or removes them when both thresholds are null. Refuses a bad value
   * by name.
   */
  saveAlertRules(name: string, rules: AlertRules): void {
    const { behindFte, waitsOver } = rules;
    if (behindFte !== null && !(Number.isFinite(behindFte) && behindFte >= 0))
      throw new Error(`behindFte must be a number of FTE ≥ 0 or null, got ${behindFte}`);
    if (waitsOver !== null && !(Number.isFinite(waitsOver) && waitsOver >= 0 && waitsOver <= 1))
      throw new Error(`waitsOver must be a share between 0 and 1 or null, got ${waitsOver}`);
    // whether the user may see each area is checked before saving (checkAlertAreas, which needs
    // the published snapshot); here only that the list is a list of codes
    const areas = rules.areas?.length ? rules.areas : null;
    if (areas && !areas.every((a) => /^(E|[A-Z]+:[A-Z0-9]+)$/.test(a)))
      throw new Error(`areas must be area codes such as E or ICB:QHM, got ${JSON.stringify(rules.areas)}`);
    if (!this.credentials(name))
      throw new Error(`no user "${name}": alerts are saved for a user of this dashboard`);
    if (behindFte === null && waitsOver === null) {
      this.db.prepare('delete from alert_rules where user_name = ?').run(name);
      this.#event('alerts-cleared', name);
      return;
    }
    this.db
      .prepare(
        `insert into alert_rules (user_name, behind_fte, waits_over, updated_at, areas) values (?, ?, ?, ?, ?)
         on conflict (user_name) do update set behind_fte = excluded.behind_fte,
           waits_over = excluded.waits_over, updated_at = excluded.updated_at, areas = excluded.areas`,
      )
      .run(name, behindFte, waitsOver, Date.now(), areas ? areas.join(',') : null);
    this.#event('alerts-saved', name, JSON.stringify(rules));
  }

  // sessions -----------------------------------------------------------------------------------

  /** A new session for `name`; returns the cookie value (only its HMAC is stored). */
  createSession(name: string): string {
    const token = randomToken();
    const now = Date.now();
    this.db
      .prepare('insert into sessions (id_hash, user_name, created_at, last_seen) values (?, ?, ?, ?)')
      .run(this.pseudonym('session', token), name, now, now);
    return token;
  }

  /**
   * The session's principal, or null when it is unknown, revoked, idle longer than `idleMs` or
   * older than `absoluteMs`. A live session's last use is moved on (at most once a minute).
   */
  checkSession(token: string, idleMs: number, absoluteMs: number): SessionCheck | null {
    if (!token || token.length > 100) return null;
    const id = this.pseudonym('session', token);
    const row = this.db
      .prepare(
        `select s.created_at, s.last_seen, s.revoked_at, u.name, u.role, u.icbs
         from sessions s join users u on u.name = s.user_name where s.id_hash = ?`,
      )
      .get(id) as
      | {
          created_at: number;
          last_seen: number;
          revoked_at: number | null;
          name: string;
          role: Role;
          icbs: string;
        }
      | undefined;
    const now = Date.now();
    if (!row || row.revoked_at !== null) return null;
    if (now - row.last_seen > idleMs || now - row.created_at > absoluteMs) {
      this.db.prepare('update sessions set revoked_at = ? where id_hash = ?').run(now, id);
      return null;
    }
    if (now - row.last_seen > 60_000)
      this.db.prepare('update sessions set last_seen = ? where id_hash = ?').run(now, id);
    return {
      principal: { name: row.name, role: row.role, icbs: JSON.parse(row.icbs) as string[] },
      createdAt: row.created_at,
    };
  }

  revokeSession(token: string): void {
    this.db
      .prepare('update sessions set revoked_at = ? where id_hash = ? and revoked_at is null')
      .run(Date.now(), this.pseudonym('session', token));
  }

  revokeSessions(name: string): number {
    return Number(
      this.db
        .prepare('update sessions set revoked_at = ? where user_name = ? and revoked_at is null')
        .run(Date.now(), name).changes,
    );
  }

  /** Drops what has expired long ago, so the file stays small. */
  prune(olderThanMs = 30 * 24 * 3600_000): void {
    const before = Date.now() - olderThanMs;
    this.db.prepare('delete from sessions where last_seen < ?').run(before);
    this.db.prepare('delete from login_attempts where at < ?').run(before);
  }

  // API tokens ---------------------------------------------------------------------------------

  /** A new API token for `name`: `spo_<id>_<secret>`, shown once; only the secret's HMAC is kept. */
  createToken(name: string, label: string | null): { id: string; token: string } {
    if (!this.credentials(name)) throw new Error(`no user "${name}": add it first with spo users add`);
    const id = randomToken(6);
    const secret = randomToken(32);
    this.db
      .prepare('insert into tokens (id, secret_hash, user_name, label, created_at) values (?, ?, ?, ?, ?)')
      .run(id, this.pseudonym('token', secret), name, label, Date.now());
    this.#event('token-created', name, id);
    return { id, token: `spo_${id}_${secret}` };
  }

  checkToken(token: string): Principal | null {
    const m = /^spo_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const row = this.db
      .prepare(
        `select t.secret_hash, t.revoked_at, t.last_used, u.name, u.role, u.icbs
         from tokens t join users u on u.name = t.user_name where t.id = ?`,
      )
      .get(m[1]) as
      | {
          secret_hash: string;
          revoked_at: number | null;
          last_used: number | null;
          name: string;
          role: Role;
          icbs: string;
        }
      | undefined;
    const expected = this.pseudonym('token', m[2]);
    if (!row || row.revoked_at !== null || row.secret_hash !== expected) return null;
    const now = Date.now();
    if (!row.last_used || now - row.last_used > 60_000)
      this.db.prepare('update tokens set last_used = ? where id = ?').run(now, m[1]);
    return { name: row.name, role: row.role, icbs: JSON.parse(row.icbs) as string[] };
  }

  /** Revokes one token by id (or the whole `spo_…` token), or every token of a user. */
  revokeTokens(what: { id?: string; user?: string }): number {
    const now = Date.now();
    let changes = 0;
    if (what.id) {
      const id = /^spo_([A-Za-z0-9_-]{8})_/.exec(what.id)?.[1] ?? what.id;
      changes = Number(
        this.db.prepare('update tokens set revoked_at = ? where id = ? and revoked_at is null').run(now, id)
          .changes,
      );
    } else if (what.user) {
      changes = Number(
        this.db
          .prepare('update tokens set revoked_at = ? where user_name = ? and revoked_at is null')
          .run(now, what.user).changes,
      );
    }
    if (changes) this.#event('token-revoked', what.user ?? null, what.id);
    return changes;
  }

  listTokens(): {
    id: string;
    user_name: string;
    label: string | null;
    created_at: number;
    last_used: number | null;
    revoked_at: number | null;
  }[] {
    return this.db
      .prepare(
        'select id, user_name, label, created_at, last_used, revoked_at from tokens order by created_at',
      )
      .all() as never;
  }

  // sign-in rate limits ------------------------------------------------------------------------

  /**
   * Whether another sign-in may be tried now for this account and address: at most
   * `maxFailures` failures per account and `maxPerAddress` attempts per address in `windowMs`.
   * Returns the seconds to wait, or 0.
   */
  loginBlocked(
    account: string,
    address: string,
    limits: { maxFailures: number; maxPerAddress: number; windowMs: number },
  ): number {
    const now = Date.now();
    const since = now - limits.windowMs;
    const acc = this.pseudonym('account', account.toLowerCase());
    const addr = this.pseudonym('address', address);
    const byAccount = this.db
      .prepare(
        'select count(*) as n, min(at) as first from login_attempts where account = ? and ok = 0 and at > ?',
      )
      .get(acc, since) as { n: number; first: number | null };
    const byAddress = this.db
      .prepare('select count(*) as n, min(at) as first from login_attempts where address = ? and at > ?')
      .get(addr, since) as { n: number; first: number | null };
    const waits = [
      byAccount.n >= limits.maxFailures ? (byAccount.first ?? now) + limits.windowMs - now : 0,
      byAddress.n >= limits.maxPerAddress ? (byAddress.first ?? now) + limits.windowMs - now : 0,
    ];
    return Math.ceil(Math.max(...waits) / 1000);
  }

  recordLogin(account: string, address: string, ok: boolean): void {
    this.db
      .prepare('insert into login_attempts (at, account, address, ok) values (?, ?, ?, ?)')
      .run(
        Date.now(),
        this.pseudonym('account', account.toLowerCase()),
        this.pseudonym('address', address),
        ok ? 1 : 0,
      );
    if (ok) {
      // a success clears the account's failures, not the address's count
      this.db
        .prepare('delete from login_attempts where account = ? and ok = 0')
        .run(this.pseudonym('account', account.toLowerCase()));
    }
    this.#event(ok ? 'sign-in' : 'sign-in-failed', ok ? account : null);
  }

  // access log ---------------------------------------------------------------------------------

  logAccess(entry: AccessEntry): void {
    this.db
      .prepare(
        `insert into access_log (at, user_name, role, via, method, path, dataset, area, status, address)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        Date.now(),
        entry.user,
        entry.role,
        entry.via,
        entry.method,
        entry.path.slice(0, 500),
        entry.dataset,
        entry.area,
        entry.status,
        entry.address === null ? null : this.pseudonym('address', entry.address).slice(0, 16),
      );
  }

  accessLog(limit = 200, user?: string): (AccessEntry & { at: number })[] {
    const rows = user
      ? this.db
          .prepare('select * from access_log where user_name = ? order by id desc limit ?')
          .all(user, limit)
      : this.db.prepare('select * from access_log order by id desc limit ?').all(limit);
    return (rows as (Omit<AccessEntry, 'user'> & { user_name: string | null; at: number })[]).map(
      ({ user_name, ...rest }) => ({ ...rest, user: user_name }),
    );
  }
}

let shared: AuthStore | null = null;
let sharedFor = '';

/** The server's one store, for `SPO_DB`. */
export function authStore(warehouse: string): AuthStore {
  if (!shared || sharedFor !== warehouse) {
    shared?.close();
    shared = new AuthStore(warehouse);
    sharedFor = warehouse;
  }
  return shared;
}
