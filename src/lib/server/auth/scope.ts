/**
 * What a signed-in person (or the public) may see, as data the query layer applies. One shape for
 * every way in (session, API token, public mode, and later NHS single sign-on).
 *
 * - public (SPO_PUBLIC=1, not signed in): England only
 * - viewer: England, regions, and every ICB at ICB level
 * - icb: what a viewer sees, plus its own ICBs down to sub-ICB location and PCN
 * - admin: everything, plus loads, data-quality detail, users and the access log
 */
import { levelRank, type Level } from '#lib/area.ts';
import type { Role } from './config.ts';

/** An area level (src/lib/area.ts holds the one list). */
export type AreaLevel = Level;

export interface Scope {
  /** account name, or null for the public */
  user: string | null;
  /** 'none': not signed in and public mode off (only /login is reachable) */
  role: Role | 'public' | 'none';
  /** the finest level shown for any area (E for the public, ICB for viewers and ICB users) */
  everywhere: AreaLevel;
  /** ICB ODS codes shown down to PCN; `'*'` is every ICB (admin) */
  detail: readonly string[] | '*';
  /** data-quality detail, loads, users and the access log */
  admin: boolean;
  /**
   * The dataset layer's restriction (src/lib/server/scope.ts): every query reads only PCNs
   * in these ICBs; null = no restriction. An ICB user's queries are kept to their own ICBs; a
   * viewer's and the public's are limited by level instead (`everywhere`, enforced per request).
   */
  icbs: string[] | null;
}

export interface Principal {
  name: string;
  role: Role;
  icbs: string[];
}

export const PUBLIC_SCOPE: Scope = Object.freeze({
  user: null,
  role: 'public',
  everywhere: 'E',
  detail: Object.freeze([]) as readonly string[],
  admin: false,
  icbs: null,
});

/** Not signed in, public mode off: nothing (the handle sends every data request to /login). */
export const NO_SCOPE: Scope = Object.freeze({
  user: null,
  role: 'none',
  everywhere: 'E',
  detail: Object.freeze([]) as readonly string[],
  admin: false,
  icbs: Object.freeze([]) as unknown as string[],
});

export function scopeFor(principal: Principal): Scope {
  switch (principal.role) {
    case 'admin':
      return { user: principal.name, role: 'admin', everywhere: 'PCN', detail: '*', admin: true, icbs: null };
    case 'icb':
      return {
        user: principal.name,
        role: 'icb',
        everywhere: 'ICB',
        detail: [...principal.icbs],
        admin: false,
        icbs: [...principal.icbs],
      };
    case 'viewer':
      return {
        user: principal.name,
        role: 'viewer',
        everywhere: 'ICB',
        detail: [],
        admin: false,
        icbs: null,
      };
  }
}

/**
 * Whether the scope may see figures for one area: the one rule (the handle, the pack, the area
 * picker and the dataset layer all ask it). An area is visible when its level is no finer than the
 * finest level the scope sees in its ICB. `icb` is the ICB the area lies in (its own code for an
 * ICB; null for England and regions): the caller looks it up in marts.areas. A scope with no role
 * (not signed in, public mode off) sees nothing: the handle sends it to /login first.
 */
export function canSeeArea(
  scope: Scope,
  area: { level: AreaLevel; code: string },
  icb: string | null,
): boolean {
  return scope.role !== 'none' && levelRank(area.level) <= levelRank(finestLevelIn(scope, icb));
}

/**
 * The finest level the scope may see inside one ICB (or everywhere, with `icb` null): the query
 * layer breaks a table down no finer than this.
 */
export function finestLevelIn(scope: Scope, icb: string | null): AreaLevel {
  if (scope.detail === '*') return 'PCN';
  if (icb !== null && scope.detail.includes(icb)) return 'PCN';
  return scope.everywhere;
}

/**
 * For SQL: the ICB codes whose PCN-level rows the scope may read; null means no restriction
 * (admin). An empty list means no PCN-level rows at all.
 */
export function pcnDetailIcbs(scope: Scope): readonly string[] | null {
  return scope.detail === '*' ? null : scope.detail;
}

/** ODS ICB codes: three characters, a letter then letters or digits (QWE, QE1). */
export const ICB_CODE = /^[A-Z][A-Z0-9]{2}$/;
