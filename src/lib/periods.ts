/**
 * Month arithmetic on ISO dates (`YYYY-MM-DD`, first of the month; only `YYYY-MM` is read), and
 * the default period: the 12 months to the latest month with referrals. One copy for the dataset
 * layer, the page frame and the notebooks.
 */
export const DEFAULT_PERIOD_MONTHS = 12;

/** The first of the month `n` months after `iso` (negative: before), as `YYYY-MM-DD`. */
export const addMonths = (iso: string, n: number) => {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** Months from `from` to `to`, both included (Apr–Mar is 12). */
export const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

/** Every month from `first` to `last` (both included) as `YYYY-MM`. */
export function monthList(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first.slice(0, 7); m <= last.slice(0, 7); m = addMonths(m, 1).slice(0, 7)) months.push(m);
  return months;
}

/** The first month of the default period ending at `to`: the 12 months to it. */
export const defaultFrom = (to: string) => addMonths(to, -(DEFAULT_PERIOD_MONTHS - 1));
