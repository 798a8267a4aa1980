/**
 * Formatting shared by the tables on the pages and the CSV downloads, so a download holds exactly
 * what the table shows: the same rounding, `[c]` for a suppressed count and `[x]` for a rate or
 * mean not shown (fewer than 8 people). Tables add thousands separators; CSV does not.
 */
export interface ColumnLike {
  key: string;
  label: string;
  kind: string;
  digits?: number;
  percent?: boolean;
  base?: string;
}

export const SUPPRESSED = '[c]';
export const NOT_SHOWN = '[x]';

export function cellText(column: ColumnLike, value: unknown, options: { csv?: boolean } = {}): string {
  if (value === null || value === undefined) {
    if (column.kind === 'count') return SUPPRESSED;
    if (column.kind === 'value') return NOT_SHOWN;
    return '';
  }
  if (typeof value === 'number') {
    const v = column.percent ? value * 100 : value;
    const digits = column.digits ?? 0;
    // one rounding for the page and the download (toFixed rounds 2.565 down, Intl up): only the
    // thousands separators differ
    return v.toLocaleString('en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: !options.csv,
    });
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export const columnHeading = (c: ColumnLike) =>
  c.percent && !/%\)?$/.test(c.label) ? `${c.label} (%)` : c.label;

/** A spreadsheet would run a cell starting with = + - @ (or a tab / CR) as a formula: prefix a quote. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

export function toCsv(columns: ColumnLike[], rows: Record<string, unknown>[]): string {
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [columns.map((c) => quote(neutralise(columnHeading(c)))).join(',')];
  for (const r of rows)
    lines.push(columns.map((c) => quote(neutralise(cellText(c, r[c.key], { csv: true })))).join(','));
  return lines.join('\r\n') + '\r\n';
}
