/**
 * Rounds a value to `digits` decimal places as the page shows it (src/lib/format/cells.ts formats
 * with Intl, which rounds the number's shortest decimal form half away from zero: 2.565 → 2.57,
 * where toFixed gives 2.56), so what leaves the server is what the page shows. A share shown as a percentage keeps `digits + 2` places
 * (0.93333 with 0 percent digits → 0.93, shown 93 %).
 */
const formats = new Map<number, Intl.NumberFormat>();

export function roundValue(value: number, digits: number, percent = false): number {
  const places = percent ? digits + 2 : digits;
  let f = formats.get(places);
  if (!f)
    formats.set(
      places,
      (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: places, useGrouping: false })),
    );
  const rounded = Number(f.format(value));
  return Object.is(rounded, -0) ? 0 : rounded;
}
