import { WAIT_BANDS } from '../../../../warehouse/marts/referral_waits.ts';
import type { Dataset, Row } from '../dataset.ts';
import { AREA_PERIOD, sumPerCell } from './shared.ts';

/**
 * The backlog: accepted referrals waiting for first contact at each month end of the period, by
 * how long they had waited then. Counts protected per cell (area × month) like every referral count.
 */
export const referralBacklog: Dataset = {
  id: 'referral-backlog',
  title: 'Referrals waiting for first contact at each month end',
  description:
    'Accepted referrals waiting for first contact at the end of each month (referred by then; not contacted, and the episode not ended, by then), by days waited so far at the month end. Month ends after the data date are not shown. Referrals contacted on a date not recorded are left out.',
  parameters: [...AREA_PERIOD],
  indicator: 'referral-backlog',
  source: 'marts.referral_backlog',
  cells: true,
  columns: [
    { key: 'month', label: 'Month end', kind: 'dim' },
    { key: 'wait', label: 'Days waited', kind: 'dim' },
    { key: 'referrals', label: 'Referrals waiting', kind: 'count' },
  ],
  async query(ctx) {
    const rows = await sumPerCell(
      ctx,
      'marts.referral_backlog',
      { month: 'month', wait: 'wait_band' },
      { referrals: 'referrals' },
    );
    const band = (r: Row) => WAIT_BANDS.indexOf(String(r.wait));
    // months in order, bands shortest wait first (the release path keeps the first-seen order)
    return rows
      .map((r) => ({ ...r, month: String(r.month).slice(0, 7) }))
      .sort((a, b) => a.month.localeCompare(b.month) || band(a) - band(b));
  },
};
