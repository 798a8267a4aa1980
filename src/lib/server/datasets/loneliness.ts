import { wilsonInterval } from '#lib/stats/index.ts';
import { mcnemarExactP } from '#lib/outcomes/mcnemar.ts';
import type { Dataset, Row } from '../dataset.ts';
import { num, sumPerCell } from './shared.ts';

/** The loneliness instruments: paired change where recorded (De Jong Gierveld, UCLA-3, ONS). */
export const LONELINESS_INSTRUMENTS = ['DJG6', 'UCLA3', 'ONS_LONELINESS'];

/** A share with its 95% Wilson interval, from protected counts; nulls where it cannot be shown. */
function wilson(x: unknown, n: unknown) {
  const a = num(n);
  const l = num(x);
  if (a === null || l === null || a === 0 || l > a) return { share: null, lower: null, upper: null };
  const w = wilsonInterval(l, a);
  return { share: w.value, lower: w.lower, upper: w.upper };
}

/**
 * The headline: loneliness on the SAME people (DOMAIN §4: comparing everyone assessed at baseline
 * with everyone followed up compares different people and is biased). For people with a baseline
 * and a follow-up in the window whose window has closed (the outcome figures' cohort): the share
 * lonely at each, with Wilson intervals, the change, and the exact McNemar test on the people
 * whose loneliness changed.
 */
export const lonelinessPaired: Dataset = {
  id: 'loneliness-paired',
  title: 'Loneliness on the same people, at baseline and follow-up',
  description:
    'People with a loneliness score at baseline and at follow-up (6–26 weeks later; baselines whose follow-up window has closed): the share lonely at each (UCLA-3 total ≥ 6; ONS “often/always”; De Jong Gierveld 2–6) with 95% Wilson intervals, the change in percentage points and the exact McNemar test.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'loneliness',
  source: 'marts.loneliness_paired',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'people', label: 'People (paired)', kind: 'count' },
    { key: 'lonely_before', label: 'Lonely at baseline', kind: 'count' },
    { key: 'lonely_after', label: 'Lonely at follow-up', kind: 'count' },
    { key: 'no_longer_lonely', label: 'No longer lonely', kind: 'count' },
    { key: 'newly_lonely', label: 'Newly lonely', kind: 'count' },
    {
      key: 'share_before',
      numerator: 'lonely_before',
      label: 'Share lonely at baseline',
      kind: 'value',
      base: 'people',
      percent: true,
      digits: 1,
    },
    {
      key: 'lower_before',
      label: '95% CI lower',
      kind: 'value',
      base: 'people',
      of: ['share_before'],
      percent: true,
      digits: 1,
    },
    {
      key: 'upper_before',
      label: '95% CI upper',
      kind: 'value',
      base: 'people',
      of: ['share_before'],
      percent: true,
      digits: 1,
    },
    {
      key: 'share_after',
      numerator: 'lonely_after',
      label: 'Share lonely at follow-up',
      kind: 'value',
      base: 'people',
      percent: true,
      digits: 1,
    },
    {
      key: 'lower_after',
      label: '95% CI lower',
      kind: 'value',
      base: 'people',
      of: ['share_after'],
      percent: true,
      digits: 1,
    },
    {
      key: 'upper_after',
      label: '95% CI upper',
      kind: 'value',
      base: 'people',
      of: ['share_after'],
      percent: true,
      digits: 1,
    },
    {
      key: 'change',
      label: 'Change (percentage points)',
      kind: 'value',
      of: ['share_before', 'share_after'],
      base: 'people',
      percent: true,
      digits: 1,
    },
    { key: 'mcnemar_p', label: 'McNemar exact p', kind: 'value', base: 'people', digits: 3 },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.loneliness_paired',
      { instrument: 'instrument' },
      {
        people: 'people',
        lonely_before: 'lonely_before',
        lonely_after: 'lonely_after',
        no_longer_lonely: 'no_longer_lonely',
        newly_lonely: 'newly_lonely',
      },
      { instrument: true, orderBy: ['instrument'] },
    ),
  derive: derivePaired,
};

/** The shares, intervals, change and test, from a row's protected counts. */
export function derivePaired(r: Row): Row {
  const before = wilson(r.lonely_before, r.people);
  const after = wilson(r.lonely_after, r.people);
  const b = num(r.no_longer_lonely);
  const c = num(r.newly_lonely);
  return {
    share_before: before.share,
    lower_before: before.lower,
    upper_before: before.upper,
    share_after: after.share,
    lower_after: after.lower,
    upper_after: after.upper,
    change: before.share === null || after.share === null ? null : after.share - before.share,
    mcnemar_p: b === null || c === null ? null : mcnemarExactP(b, c),
  };
}

/** Context only: everyone assessed at each stage, different people at each (labelled so). */
export const loneliness: Dataset = {
  id: 'loneliness',
  title: 'Everyone assessed for loneliness (unpaired, context)',
  description:
    'Context, not change: everyone assessed at baseline and everyone assessed at follow-up — different groups of people — and the share lonely (UCLA-3 total ≥ 6; ONS “often/always”; De Jong Gierveld 2–6) with 95% Wilson intervals. For change, see the paired figures.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'loneliness',
  source: 'marts.loneliness',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'stage', label: 'Stage', kind: 'dim' },
    { key: 'assessed', label: 'Assessed', kind: 'count' },
    { key: 'lonely', label: 'Lonely', kind: 'count' },
    {
      key: 'share',
      label: 'Share lonely',
      kind: 'value',
      base: 'assessed',
      numerator: 'lonely',
      percent: true,
      digits: 1,
    },
    {
      key: 'lower',
      label: '95% CI lower',
      kind: 'value',
      base: 'assessed',
      of: ['share'],
      percent: true,
      digits: 1,
    },
    {
      key: 'upper',
      label: '95% CI upper',
      kind: 'value',
      base: 'assessed',
      of: ['share'],
      percent: true,
      digits: 1,
    },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.loneliness',
      { instrument: 'instrument', stage: 'stage' },
      { assessed: 'assessed', lonely: 'lonely' },
      { instrument: true, orderBy: ['instrument', 'stage'] },
    ),
  derive: (r) => wilson(r.lonely, r.assessed),
};
