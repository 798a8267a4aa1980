import { discloseCount } from '#lib/stats/index.ts';

/**
 * Disclosure settings, from the environment, read here only:
 * - SPO_DISCLOSURE_THRESHOLD: counts 1..threshold are suppressed (default 7);
 * - SPO_DISCLOSURE_ROUND: shown counts are rounded to a multiple of this (default 5);
 * - SPO_DISCLOSURE_MIN_N: rates and means on fewer people are not shown (default 8);
 * - SPO_DISCLOSURE_EXTREME_MIN_N: a share of 0 % or 100 % (a statement about everyone in a group)
 *   is shown only on a base of at least this many (default 50), else it and its numerator are
 *   withheld (docs/security.md, "Attribute disclosure");
 * - SPO_DISCLOSURE_UNPROTECTED=1: FOR THE ATTACK TESTS' CONTROL RUN ONLY. The release path behaves
 *   as before issue 11 (values derived from raw counts, values unrounded, cells by area only, no
 *   0 %/100 % rule), so the attack suite can show each attack would succeed. Never in production:
 *   the server logs a warning at start and every page shows a red banner.
 */
export function disclosureSettings() {
  const int = (name: string, fallback: number) => {
    const raw = process.env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
    return value;
  };
  const unprotected = process.env.SPO_DISCLOSURE_UNPROTECTED ?? '';
  if (!['', '0', '1'].includes(unprotected))
    throw new Error(`SPO_DISCLOSURE_UNPROTECTED must be 1 (tests only) or unset, got ${unprotected}`);
  return {
    threshold: int('SPO_DISCLOSURE_THRESHOLD', 7),
    roundTo: Math.max(1, int('SPO_DISCLOSURE_ROUND', 5)),
    minN: int('SPO_DISCLOSURE_MIN_N', 8),
    extremeMinN: int('SPO_DISCLOSURE_EXTREME_MIN_N', 50),
    unprotected: unprotected === '1',
  };
}

export type DisclosureSettings = ReturnType<typeof disclosureSettings>;

export const protect = (count: number, s: DisclosureSettings) =>
  discloseCount(Math.max(0, Math.round(count)), { threshold: s.threshold, roundTo: s.roundTo });

/** The banner and log line of an unprotected run. */
export const UNPROTECTED_WARNING =
  'UNPROTECTED — for tests only: SPO_DISCLOSURE_UNPROTECTED=1 turns off the disclosure rules of issue 11 (shares from raw counts, unrounded values, no month cells). Never serve real data like this.';
