import type { Dataset } from '../dataset.ts';
import { AREA_PERIOD, share, sumPerCell } from './shared.ts';

/** Support: needs stated against matching activities, and what people are offered and take up. */
export const supportVsNeeds: Dataset = {
  id: 'support-vs-needs',
  title: 'Support against needs',
  description:
    'For each need stated on referral: referrals, those linked into a matching activity and those who took it up.',
  parameters: [...AREA_PERIOD],
  indicator: 'support-vs-needs',
  source: 'marts.support_vs_needs',
  cells: true,
  sortBy: 'referrals',
  columns: [
    { key: 'need', label: 'Need stated', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'linked', label: 'Linked to a matching activity', kind: 'count' },
    { key: 'took_up', label: 'Took it up', kind: 'count' },
    {
      key: 'linked_share',
      label: 'Linked (%)',
      kind: 'value',
      base: 'referrals',
      numerator: 'linked',
      percent: true,
      digits: 0,
    },
    {
      key: 'took_up_share',
      label: 'Took up (%)',
      kind: 'value',
      base: 'referrals',
      numerator: 'took_up',
      percent: true,
      digits: 0,
    },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.support_vs_needs',
      { need: 'need' },
      { referrals: 'referrals', linked: 'linked_to_matching_activity', took_up: 'took_up_matching_activity' },
    ),
  derive: (r) => ({
    linked_share: share(r.linked, r.referrals),
    took_up_share: share(r.took_up, r.referrals),
  }),
};

export const supportOffered: Dataset = {
  id: 'support-offered',
  title: 'What people are linked into',
  description: 'Offers of support by activity category, and how many were taken up.',
  parameters: [...AREA_PERIOD],
  indicator: 'support-vs-needs',
  source: 'marts.support_offered_monthly',
  cells: true,
  sortBy: 'offered',
  columns: [
    { key: 'category', label: 'Activity category', kind: 'dim' },
    { key: 'offered', label: 'Offered', kind: 'count' },
    { key: 'taken_up', label: 'Taken up', kind: 'count' },
    {
      key: 'uptake',
      label: 'Uptake (%)',
      kind: 'value',
      base: 'offered',
      numerator: 'taken_up',
      percent: true,
      digits: 0,
    },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.support_offered_monthly',
      { category: 'activity_category' },
      { offered: 'offered', taken_up: 'taken_up' },
    ),
  derive: (r) => ({ uptake: share(r.taken_up, r.offered) }),
};
