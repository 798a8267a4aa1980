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
import { EARLIEST_DATE, idColumn, isoDate, lsoaCode, notAfterToday, practiceCode } from './columns.ts';

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
    gp_practice_code: practiceCode,
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
      description: 'LSOA 2011 of residence, for deprivation (IMD 2019); never a postcode',
      prsb: 'Lower layer super output area',
      normalize: 'upper',
      references: 'raw.ref_imd.lsoa_code',
      example: 'E01000001',
    }),
  }),
  rules: [
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
