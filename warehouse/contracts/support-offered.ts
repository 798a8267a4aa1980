import { z } from 'zod';
import { ACTIVITY_CATEGORIES, PROVIDER_TYPES, keysOf } from './codes.ts';
import { EARLIEST_DATE, idColumn, isoDate, notAfterToday } from './columns.ts';
import { column, defineContract } from './contract.ts';

export const supportOffered = defineContract({
  id: 'support_offered',
  title: 'Support offered',
  description:
    'One row per community activity or service a person is linked into by their link worker: the heart of social prescribing.',
  source: 'PRSB Social Prescribing Information Standard v1.1: support offered (activities referred to)',
  personLevel: true,
  key: ['support_id'],
  periodSql: 'offered_date',
  schema: z.object({
    support_id: idColumn('Identifier of this offer of support', 'Activity identifier'),
    referral_id: column(idColumn('The referral episode the support belongs to'), {
      description: 'The referral episode the support belongs to',
      prsb: 'Referral identifier',
      example: 'R000123',
    }),
    activity_category: column(z.enum(keysOf(ACTIVITY_CATEGORIES)), {
      description: 'What kind of activity or service the person was linked into',
      prsb: 'Activity type',
      normalize: 'lower',
    }),
    provider_type: column(z.enum(keysOf(PROVIDER_TYPES)), {
      description: 'Who provides it',
      prsb: 'Activity provider type',
      normalize: 'lower',
    }),
    offered_date: column(isoDate, {
      description: 'Date the person was linked in',
      prsb: 'Date referred to activity',
    }),
    taken_up: column(z.boolean().nullable(), {
      description: 'Whether the person took the activity up (true/false; empty if not yet known)',
      prsb: 'Activity attended',
    }),
  }),
  rules: [
    {
      column: 'offered_date',
      sql: `offered_date between DATE '${EARLIEST_DATE}' and ${notAfterToday}`,
      reason: `offered date must be between ${EARLIEST_DATE} and today`,
    },
  ],
});
