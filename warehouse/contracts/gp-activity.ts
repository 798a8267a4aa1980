import { z } from 'zod';
import { COHORTS, keysOf } from './codes.ts';
import { EARLIEST_DATE, idColumn, isoDate, notAfterToday } from './columns.ts';
import { column, defineContract } from './contract.ts';

/** The measures of health-care use the extract carries, one column each. */
export const ACTIVITY_MEASURES = ['gp_appointments', 'ae_attendances', 'emergency_admissions'] as const;

/** Months either side of the index month an extract covers (issue 15: 12 before to 12 after). */
export const ACTIVITY_SPAN_MONTHS = 12;

/** A count of contacts in one month: whole, ≥ 0, and below a ceiling no real person reaches. */
const monthlyCount = (description: string, max: number) =>
  column(z.int().min(0).max(max), { description, example: '1' });

/** The practice was in the current practice map, or had registered patients in some published year. */
const PRACTICE_KNOWN = `practice_code in (select practice_code from raw.ref_practices)
  or practice_code in (select practice_code from raw.ref_list_sizes where total_patients > 0)`;

/** Months since the index month, in SQL over the batch (`month` is landed as text yyyy-mm). */
const MONTHS_FROM_INDEX = `date_diff('month', date_trunc('month', index_date), try_strptime(month, '%Y-%m')::date)`;

export const gpActivity = defineContract({
  id: 'gp_activity',
  title: 'GP and hospital activity',
  description:
    'One row per person and month, from 12 months before to 12 months after the index month, of GP appointments, A&E attendances and emergency admissions, for people referred to social prescribing and matched comparison people who were not (produced in an ICB secure data environment, pseudonymised with the same key as the referral extract). A month with no row means no activity.',
  source: 'SP Observatory format for a secure data environment extract (GP appointments, SUS A&E and APC)',
  personLevel: true,
  key: ['person_pseudonym', 'cohort', 'match_id', 'month'],
  periodSql: 'index_date',
  schema: z.object({
    person_pseudonym: idColumn(
      'Pseudonym of the person (the same key as the referral extract; never an NHS number)',
      'Person identifier (pseudonymised)',
    ),
    practice_code: column(z.string().regex(/^[A-Z][0-9]{5}$/), {
      description:
        'ODS code of the GP practice the person was registered with at the index date: in the current practice map, or closed since but with a published list size',
      prsb: 'GP practice identifier',
      normalize: 'upper',
      example: 'A81001',
    }),
    cohort: column(z.enum(keysOf(COHORTS)), {
      description: 'referred, or comparison (a matched person who was not referred)',
      normalize: 'lower',
    }),
    index_date: column(isoDate, {
      description:
        'The referral date; for a comparison person, the index date given to them by the match (their referred person’s referral date)',
      example: '2024-04-15',
    }),
    month: column(z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/), {
      description:
        'Calendar month of the counts, as yyyy-mm, from 12 months before to 12 after the index month',
      example: '2024-05',
    }),
    gp_appointments: monthlyCount('GP practice appointments attended in the month', 200),
    ae_attendances: monthlyCount('A&E attendances in the month', 100),
    emergency_admissions: monthlyCount('Emergency hospital admissions in the month', 50),
    match_id: idColumn(
      'Identifier of the matched set: the referred person and the comparison people matched to them share it',
    ),
  }),
  rules: [
    {
      column: 'practice_code',
      sql: PRACTICE_KNOWN,
      reason:
        'is not a known code in the reference data (practices), nor a practice with a published list size',
    },
    {
      column: 'index_date',
      sql: `index_date between DATE '${EARLIEST_DATE}' and ${notAfterToday}`,
      reason: `index date must be between ${EARLIEST_DATE} and today`,
    },
    {
      column: 'month',
      sql: `${MONTHS_FROM_INDEX} between -${ACTIVITY_SPAN_MONTHS} and ${ACTIVITY_SPAN_MONTHS}`,
      reason: `month must be within ${ACTIVITY_SPAN_MONTHS} months of the index month`,
    },
    {
      column: 'month',
      sql: `try_strptime(month, '%Y-%m')::date <= ${notAfterToday}`,
      reason: 'month must not be in the future',
    },
  ],
});
