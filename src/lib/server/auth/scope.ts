/**
 * What a signed-in person (or the public) may see, as data the query layer applies. One shape for
 * every way in (session, API token, public mode, and later NHS single sign-on).
 *
 * - public (SPO_PUBLIC=1, not signed in): England only
 * - viewer: England, regions, and every ICB at ICB level
 * - icb: what a viewer sees, plus its own ICBs down to sub-ICB location and PCN
 * - admin: everything, plus loads, data-quality detail, users and the access log
 */
import type { Role } from './config.ts';

/** The area levels, coarsest first (as src/lib/server/filters.ts writes them). */
export const AREA_LEVELS = ['E', 'REGION', 'ICB', 'SICBL', 'PCN'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

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
   * The dashboard registry's restriction (src/lib/server/scope.ts): every query reads only PCNs
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

const rank = (level: AreaLevel) => AREA_LEVELS.indexOf(level);

/**
 * Whether the scope may see figures for one area. `icb` is the ICB the area lies in (its own code
 * for an ICB; null for England and regions): the caller looks it up in marts.areas.
 */
export function canSeeArea(
  scope: Scope,
  area: { level: AreaLevel; code: string },
  icb: string | null,
): boolean {
  if (rank(area.level) <= rank(scope.everywhere)) return true;
  if (scope.detail === '*') return true;
  return icb !== null && scope.detail.includes(icb);
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
