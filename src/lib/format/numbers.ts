/** Number formatting for prose and tiles (tables use cells.ts). */
export function fmt(v: unknown, digits = 0): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '[x]';
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
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
