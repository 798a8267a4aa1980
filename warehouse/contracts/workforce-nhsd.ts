import { z } from 'zod';
import { column, defineContract } from './contract.ts';

const text = (description: string) => column(z.string().nullable(), { description });

/**
 * NHS Digital "Primary Care Network Workforce", individual-level CSV, exactly as published:
 * Windows-1252, CRLF, upper-case headers, one row per staff record per PCN.
 */
export const workforceNhsd = defineContract({
  id: 'workforce_nhsd',
  title: 'Workforce (NHS Digital PCN Workforce, individual level)',
  description:
    'The published NHS Digital "Primary Care Network Workforce" individual-level CSV, dropped in as it is. Rows with STAFF_ROLE "Social Prescribing Link Workers" are the link workers.',
  source: 'NHS Digital, Primary Care Network Workforce (National Workforce Reporting Service)',
  personLevel: false,
  // Staff records are not unique: contracted-services rows carry UNIQUE_IDENTIFIER "NULL".
  key: [],
  periodSql: 'make_date(census_year, census_month, 1)',
  format: { encoding: 'windows-1252', nullStrings: ['', 'NULL'] },
  schema: z.object({
    data_source: text('Data_source'),
    census_year: column(z.int().min(2019).max(2100), { description: 'CENSUS_YEAR' }),
    census_month: column(z.int().min(1).max(12), { description: 'CENSUS_MONTH' }),
    pcn_code: column(z.string().regex(/^U[0-9]{5}$/), { description: 'PCN_CODE', normalize: 'upper' }),
    pcn_name: text('PCN_NAME'),
    sub_icb_code: text('SUB_ICB_CODE'),
    sub_icb_name: text('SUB_ICB_NAME'),
    icb_code: text('ICB_CODE'),
    icb_name: text('ICB_NAME'),
    comm_region_code: text('COMM_REGION_CODE'),
    comm_region_name: text('COMM_REGION_NAME'),
    staff_group: text('STAFF_GROUP'),
    staff_role: text('STAFF_ROLE'),
    detailed_staff_role: text('DETAILED_STAFF_ROLE'),
    // Published as it is: a few records carry FTE above 10 or below 0; they are kept, not judged.
    fte: column(z.number().nullable(), { description: 'FTE' }),
    unique_identifier: column(z.string().nullable(), {
      description: 'UNIQUE_IDENTIFIER (a staff record id; NULL for contracted services)',
    }),
  }),
});
