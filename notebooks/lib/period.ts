import type { NotebookContext } from './notebook.ts';

/** The twelve months to the latest month with referrals, as ISO dates (first of the month). */
export async function latestYear(nb: NotebookContext): Promise<{ from: string; to: string; label: string }> {
  const [r] = await nb.query<{ from: string | null; to: string | null }>(
    `select strftime(max(month) - interval 11 month, '%Y-%m-%d') as "from", strftime(max(month), '%Y-%m-%d') as "to"
     from marts.referrals_monthly`,
  );
  const to = r?.to ?? '1970-01-01';
  const from = r?.from ?? to;
  const month = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  return { from, to, label: `${month(from)} to ${month(to)}` };
}

export { GROUPS } from '#lib/groups.ts';
