import { settings } from '#lib/config/settings.ts';
import { discloseCount } from '#lib/stats/index.ts';

/**
 * Disclosure settings (read, with every other setting, by src/lib/config/settings.ts):
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
  const s = settings();
  return {
    threshold: s.SPO_DISCLOSURE_THRESHOLD,
    roundTo: Math.max(1, s.SPO_DISCLOSURE_ROUND),
    minN: s.SPO_DISCLOSURE_MIN_N,
    extremeMinN: s.SPO_DISCLOSURE_EXTREME_MIN_N,
    unprotected: s.SPO_DISCLOSURE_UNPROTECTED,
  };
}

export type DisclosureSettings = ReturnType<typeof disclosureSettings>;

export const protect = (count: number, s: DisclosureSettings) =>
  discloseCount(Math.max(0, Math.round(count)), { threshold: s.threshold, roundTo: s.roundTo });

/** The banner and log line of an unprotected run. */
export const UNPROTECTED_WARNING =
  'UNPROTECTED — for tests only: SPO_DISCLOSURE_UNPROTECTED=1 turns off the disclosure rules of issue 11 (shares from raw counts, unrounded values, no month cells). Never serve real data like this.';
