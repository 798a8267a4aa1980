import { discloseCount } from '#lib/stats/index.ts';

/**
 * Disclosure settings, from the environment: SPO_DISCLOSURE_THRESHOLD (counts 1..threshold are
 * suppressed, default 7), SPO_DISCLOSURE_ROUND (round shown counts to a multiple, default 5) and
 * SPO_DISCLOSURE_MIN_N (rates and means on fewer people are not shown, default 8).
 */
export function disclosureSettings() {
  const int = (name: string, fallback: number) => {
    const raw = process.env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
    return value;
  };
  return {
    threshold: int('SPO_DISCLOSURE_THRESHOLD', 7),
    roundTo: Math.max(1, int('SPO_DISCLOSURE_ROUND', 5)),
    minN: int('SPO_DISCLOSURE_MIN_N', 8),
  };
}

export type DisclosureSettings = ReturnType<typeof disclosureSettings>;

export const protect = (count: number, s: DisclosureSettings) =>
  discloseCount(Math.max(0, Math.round(count)), { threshold: s.threshold, roundTo: s.roundTo });
