/**
 * Where the accounts store and the key live, and the knobs of sign-in. Plain Node (no Vite-only
 * features): the CLI imports this too.
 */
import { dirname, join, resolve } from 'node:path';

export const ROLES = ['viewer', 'icb', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The warehouse file: `--db`, else `SPO_DB`, else ./data/warehouse.duckdb (as the CLI). */
export function warehouseFile(flag?: string): string {
  return resolve(flag ?? process.env.SPO_DB ?? join('data', 'warehouse.duckdb'));
}

/** Accounts, sessions, tokens, rate-limit state and the access log: SQLite beside the warehouse. */
export function accountsFile(warehouse: string): string {
  return process.env.SPO_ACCOUNTS
    ? resolve(process.env.SPO_ACCOUNTS)
    : join(dirname(warehouse), 'accounts.sqlite');
}

/** The HMAC key file (0600), beside the warehouse, unless `SPO_SECRET` gives the key. */
export function keyFile(warehouse: string): string {
  return process.env.SPO_SECRET_FILE
    ? resolve(process.env.SPO_SECRET_FILE)
    : join(dirname(warehouse), 'secret.key');
}

function minutes(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name} must be a positive number of minutes, got ${raw}`);
  return n * 60_000;
}

export interface AuthSettings {
  /** `SPO_PUBLIC=1`: the national view without sign-in (off by default) */
  publicMode: boolean;
  /** a session unused this long ends (`SPO_SESSION_IDLE_MINUTES`, default 30) */
  idleMs: number;
  /** a session ends this long after sign-in whatever its use (`SPO_SESSION_MAX_MINUTES`, default 8 h) */
  absoluteMs: number;
  /** failed sign-ins per account, and attempts per address, allowed in one window */
  maxFailuresPerAccount: number;
  maxAttemptsPerAddress: number;
  /** the rate-limit window (`SPO_LOGIN_WINDOW_MINUTES`, default 15) */
  windowMs: number;
  /** request bodies larger than this are refused with 413 (`SPO_BODY_LIMIT` bytes, default 64 KiB) */
  bodyLimit: number;
}

export function settings(): AuthSettings {
  const int = (name: string, fallback: number) => {
    const raw = process.env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`${name} must be a positive whole number, got ${raw}`);
    return n;
  };
  return {
    publicMode: ['1', 'true', 'yes'].includes((process.env.SPO_PUBLIC ?? '').toLowerCase()),
    idleMs: minutes('SPO_SESSION_IDLE_MINUTES', 30),
    absoluteMs: minutes('SPO_SESSION_MAX_MINUTES', 8 * 60),
    maxFailuresPerAccount: int('SPO_LOGIN_MAX_FAILURES', 5),
    maxAttemptsPerAddress: int('SPO_LOGIN_MAX_PER_ADDRESS', 30),
    windowMs: minutes('SPO_LOGIN_WINDOW_MINUTES', 15),
    bodyLimit: int('SPO_BODY_LIMIT', 64 * 1024),
  };
}
