import { z } from 'zod';
import {
  AGE_BANDS,
  EPISODE_OUTCOMES,
  ETHNIC_GROUPS,
  REFERRAL_REASONS,
  REFERRAL_ROUTES,
  SEXES,
  SNOMED,
  keysOf,
} from './codes.ts';
import { column, defineContract } from './contract.ts';
import { EARLIEST_DATE, idColumn, isoDate, lsoaCode, notAfterToday } from './columns.ts';

/**
 * A referral's practice is known if it is in the October 2025 mapping, or had a list size in the
 * financial year of the referral (the latest published year for later referrals): a practice that
 * has closed since still existed then. SQL over the batch; a financial year is written 24 for 2024/25.
 */
const referralFinancialYear = `(year(referral_date) - case when month(referral_date) < 4 then 1 else 0 end - 2000)`;
const PRACTICE_EXISTED = `gp_practice_code in (select practice_code from raw.ref_practices)
  or (gp_practice_code, least(${referralFinancialYear}, (select max(fiscal_year) from raw.ref_list_sizes)))
     in (select (practice_code, fiscal_year) from raw.ref_list_sizes where total_patients > 0)`;

/** An LSOA 2011 with an IMD 2019 decile, or an English LSOA 2021 in the ONS 2011 → 2021 lookup. */
const LSOA_KNOWN = `lsoa_code in (select lsoa_code from raw.ref_imd)
  or lsoa_code in (select lsoa21_code from raw.ref_lsoa_2011_2021 where lsoa21_code like 'E01%')`;

export const referrals = defineContract({
  id: 'referrals',
  title: 'Referrals',
  description:
    'One row per referral episode to a social prescribing link worker, as recorded in the GP system or the social prescribing case-management tool.',
  source:
    'PRSB Social Prescribing Information Standard v1.1 (ISN, January 2023): person demographics; referral',
  personLevel: true,
  key: ['referral_id'],
  periodSql: 'referral_date',
  schema: z.object({
    referral_id: idColumn(
      'Identifier of the referral episode, unique within the sending system',
      'Referral identifier',
    ),
    person_pseudonym: idColumn(
      'Pseudonym of the person (never an NHS number)',
      'Person identifier (pseudonymised)',
    ),
    // checked against the practice map and the list sizes by a rule below, not the map alone
    gp_practice_code: column(z.string().regex(/^[A-Z][0-9]{5}$/), {
      description:
        'ODS code of the GP practice the person is registered with: in the current practice map, or closed since but with a list size in the financial year of the referral',
      prsb: 'GP practice identifier',
      normalize: 'upper',
      example: 'A81001',
    }),
    referral_date: column(isoDate, {
      description: 'Date the referral was made',
      prsb: 'Referral date',
      example: '2024-04-15',
    }),
    referral_route: column(z.enum(keysOf(REFERRAL_ROUTES)), {
      description: 'Who referred the person',
      prsb: 'Referral source',
      normalize: 'lower',
    }),
    referral_reasons: column(z.array(z.enum(keysOf(REFERRAL_REASONS))).min(1), {
      description: 'One or more reasons for referral, separated by ";"',
      prsb: 'Reason for referral',
      normalize: 'lower',
      separator: ';',
      example: 'mental_wellbeing;loneliness_isolation',
    }),
    snomed_code: column(z.enum([SNOMED.referred, SNOMED.declined]), {
      description: `SNOMED CT: ${SNOMED.referred} referral to social prescribing service (accepted) or ${SNOMED.declined} social prescribing declined`,
      prsb: 'Referral procedure (SNOMED CT)',
    }),
    first_contact_date: column(isoDate.nullable(), {
      description: 'Date of the first contact with the link worker; empty if none yet',
      prsb: 'Date of first contact',
    }),
    care_plan_agreed: column(z.boolean().nullable(), {
      description:
        'Whether a "what matters to you" conversation led to a personalised care and support plan (true/false; empty if not yet known)',
      prsb: 'Personalised care and support plan agreed',
    }),
    episode_end_date: column(isoDate.nullable(), {
      description: 'Date the episode ended; empty while it is open',
      prsb: 'Discharge date',
    }),
    episode_outcome: column(z.enum(keysOf(EPISODE_OUTCOMES)).nullable(), {
      description: 'How the episode ended; empty while it is open',
      prsb: 'Discharge outcome',
      normalize: 'lower',
    }),
    contact_count: column(z.int().min(0).max(200).nullable(), {
      description: 'Number of contacts with the link worker in the episode',
      prsb: 'Number of contacts',
    }),
    age_band: column(z.enum(AGE_BANDS), { description: 'Age band at referral', prsb: 'Age (banded)' }),
    sex: column(z.enum(keysOf(SEXES)), { description: 'Sex', prsb: 'Sex', normalize: 'lower' }),
    ethnic_group: column(z.enum(keysOf(ETHNIC_GROUPS)), {
      description: 'Ethnic group (ONS high-level groups)',
      prsb: 'Ethnic category',
      normalize: 'lower',
    }),
    lsoa_code: column(lsoaCode.nullable(), {
      description:
        'LSOA of residence, 2011 or 2021 (a 2021 code is mapped to 2011 for IMD 2019), for deprivation; never a postcode',
      prsb: 'Lower layer super output area',
      normalize: 'upper',
      example: 'E01000001',
    }),
  }),
  rules: [
    {
      column: 'gp_practice_code',
      sql: PRACTICE_EXISTED,
      reason:
        'is not a known code in the reference data (practices), nor a practice with a list size in the financial year of the referral',
    },
    {
      column: 'lsoa_code',
      sql: LSOA_KNOWN,
      reason:
        'is not a known code in the reference data (imd), nor an English LSOA 2021 in the ONS LSOA 2011 to 2021 lookup',
    },
    {
      column: 'referral_date',
      sql: `referral_date between DATE '${EARLIEST_DATE}' and ${notAfterToday}`,
      reason: `referral date must be between ${EARLIEST_DATE} and today`,
    },
    {
      column: 'first_contact_date',
      sql: 'first_contact_date >= referral_date',
      reason: 'first contact date must not be before the referral date',
    },
    {
      column: 'episode_end_date',
      sql: 'episode_end_date >= referral_date',
      reason: 'episode end date must not be before the referral date',
    },
    {
      column: 'episode_outcome',
      sql: '(episode_end_date is null) = (episode_outcome is null)',
      reason: 'an episode outcome needs an end date, and an end date needs an outcome',
    },
  ],
});
