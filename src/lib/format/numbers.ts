/** Number formatting for prose and tiles (tables use cells.ts). */
export function fmt(v: unknown, digits = 0): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '[x]';
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A p-value as prose gives it: to 3 places, and "< 0.001" for one that rounds to 0.000. */
export function pValue(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '[x]';
  return v < 0.0005 ? '< 0.001' : fmt(v, 3);
}

export function pct(v: unknown, digits = 0): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '[x]';
  return `${(v * 100).toFixed(digits)}%`;
}

/** A link to a page with the current query and one parameter changed. */
export function filterHref(path: string, search: string, set: Record<string, string>): string {
  const p = new URLSearchParams(search);
  for (const [k, v] of Object.entries(set)) p.set(k, v);
  return `${path}?${p}`;
}

/**
 * Drill-down: a link to `path` for one area (level and ODS code), keeping the other filters; null
 * where the code names no area the filters accept (NHS Digital's "U", unallocated staff).
 */
export function areaHref(path: string, search: string, level: string, code: unknown): string | null {
  return typeof code === 'string' && /^[A-Z0-9]{2,8}$/.test(code)
    ? filterHref(path, search, { area: `${level}:${code}` })
    : null;
}
