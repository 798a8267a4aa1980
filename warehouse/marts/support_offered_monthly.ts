import { z } from 'zod';
import { ACTIVITY_CATEGORIES, PROVIDER_TYPES, keysOf } from '../contracts/codes.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Offers of support per month offered × PCN × activity category × provider type, and how many were taken up.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the offers made in it (at their referral's PCN)
  materialized: 'incremental',
  incremental: {
    key: 'month',
    column: 'month',
    keyedInputs: ['intermediate.int_referrals', 'staging.stg_support_offered'],
    months: { 'staging.stg_support_offered': 'offered_month' },
  },
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    activity_category: z.string(),
    provider_type: z.string(),
    offered: z.int(),
    taken_up: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'activity_category', 'provider_type'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'activity_category', 'provider_type', 'offered', 'taken_up'],
    },
    { type: 'accepted_values', column: 'activity_category', values: keysOf(ACTIVITY_CATEGORIES) },
    { type: 'accepted_values', column: 'provider_type', values: keysOf(PROVIDER_TYPES) },
    {
      type: 'expression',
      sql: 'offered >= taken_up and taken_up >= 0',
      description: 'offered ≥ taken up ≥ 0',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
