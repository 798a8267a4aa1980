/**
 * The roles and the knobs of sign-in (read from the settings, src/lib/config/settings.ts). Plain
 * Node (no Vite-only features): the CLI imports this too.
 */
import { settings as appSettings } from '../../config/settings.ts';

export const ROLES = ['viewer', 'icb', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
  const s = appSettings();
  return {
    publicMode: s.SPO_PUBLIC,
    idleMs: s.SPO_SESSION_IDLE_MINUTES,
    absoluteMs: s.SPO_SESSION_MAX_MINUTES,
    maxFailuresPerAccount: s.SPO_LOGIN_MAX_FAILURES,
    maxAttemptsPerAddress: s.SPO_LOGIN_MAX_PER_ADDRESS,
    windowMs: s.SPO_LOGIN_WINDOW_MINUTES,
    bodyLimit: s.SPO_BODY_LIMIT,
  };
}
