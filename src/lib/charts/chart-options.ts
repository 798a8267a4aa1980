/** What every chart takes besides its data, and the Plot options every chart shares. */
export interface ChartOptions {
  /** the document to build the SVG with: the browser's, or linkedom's in tests */
  document?: Document;
  width?: number;
}

export const chartBase = (o: ChartOptions) => ({
  document: o.document,
  width: o.width ?? 640,
  style: { fontSize: '13px', fontFamily: 'Arial, sans-serif', background: 'transparent' },
});

/** The first instant (UTC) of a month given as `YYYY-MM` or `YYYY-MM-DD`. */
export function monthStart(m: string): Date {
  const d = new Date(`${m.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime()))
    throw new Error(`monthStart: expected a month as YYYY-MM, got ${JSON.stringify(m)}`);
  return d;
}
