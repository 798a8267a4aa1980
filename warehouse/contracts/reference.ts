import { z } from 'zod';
import { lsoaCode } from './columns.ts';
import { column, defineContract } from './contract.ts';

/**
 * Reference data (warehouse/reference/), loaded by the same machinery as any extract. Files are
 * kept exactly as published; each contract names the publication.
 */
const text = (description: string, header?: string) => column(z.string(), { description, header });
const optionalText = (description: string, header?: string) =>
  column(z.string().nullable(), { description, header });

export const refPractices = defineContract({
  id: 'ref_practices',
  title: 'GP practices and their PCN, sub-ICB, ICB and region',
  description: 'NHS England "Patients Registered at a GP Practice" mapping file.',
  source: 'NHS England, Patients Registered at a GP Practice, GP practice mapping file (gp-reg-pat-prac-map)',
  personLevel: false,
  key: ['practice_code'],
  fixedPeriod: 'current',
  // An organisation's address, not a person's, but we have no use for it: it is not landed.
  ignoredColumns: ['practice_postcode'],
  schema: z.object({
    publication: text('PUBLICATION'),
    extract_date: text('EXTRACT_DATE (e.g. 01Oct2025)'),
    practice_code: column(z.string().regex(/^[A-Z][0-9]{5}$/), { description: 'PRACTICE_CODE' }),
    practice_name: text('PRACTICE_NAME'),
    pcn_code: optionalText('PCN_CODE'),
    pcn_name: optionalText('PCN_NAME'),
    ons_sub_icb_location_code: text('ONS_SUB_ICB_LOCATION_CODE'),
    sub_icb_location_code: text('SUB_ICB_LOCATION_CODE'),
    sub_icb_location_name: text('SUB_ICB_LOCATION_NAME'),
    ons_icb_code: text('ONS_ICB_CODE'),
    icb_code: text('ICB_CODE'),
    icb_name: text('ICB_NAME'),
    ons_comm_region_code: text('ONS_COMM_REGION_CODE'),
    comm_region_code: text('COMM_REGION_CODE'),
    comm_region_name: text('COMM_REGION_NAME'),
    supplier_name: optionalText('SUPPLIER_NAME'),
  }),
});

export const refListSizes = defineContract({
  id: 'ref_list_sizes',
  title: 'Registered patients per practice per financial year',
  description: 'NHS Digital GP Workforce list sizes, as compiled by the Health Equity Evidence Centre.',
  source: 'NHS Digital GP Workforce (HEEC compilation); fiscal_year 16 = 2016/17',
  personLevel: false,
  key: ['practice_code', 'fiscal_year'],
  fixedPeriod: 'current',
  format: { nullStrings: ['', 'NA'] },
  schema: z.object({
    practice_code: column(z.string().regex(/^[A-Z0-9]{6}$/), {
      description: 'Practice.Code',
      header: 'Practice.Code',
    }),
    fiscal_year: column(z.int().min(10).max(99), {
      description: 'Two-digit start year of the financial year',
    }),
    // HEEC's yearly figures are means of the year's published counts (4096.67 patients), not
    // whole numbers: numbers here, rounded where they are used (stg_list_sizes)
    total_patients: column(z.number().min(0).nullable(), {
      description: 'TOTAL_PATIENTS (mean over the year)',
    }),
    total_gp_extgl_hc: column(z.number().min(0).nullable(), {
      description: 'TOTAL_GP_EXTGL_HC (mean over the year)',
    }),
  }),
});

export const refImd = defineContract({
  id: 'ref_imd',
  title: 'English Indices of Deprivation 2019 by LSOA 2011',
  description: 'IMD 2019 File 1: rank and decile for every LSOA 2011 (decile 1 = most deprived).',
  source: 'MHCLG, English Indices of Deprivation 2019, File 1',
  personLevel: false,
  key: ['lsoa_code'],
  fixedPeriod: 'current',
  schema: z.object({
    lsoa_code: column(lsoaCode, { description: 'LSOA code (2011)', header: 'LSOA code (2011)' }),
    lsoa_name: text('LSOA name (2011)', 'LSOA name (2011)'),
    lad_code: text('Local Authority District code (2019)', 'Local Authority District code (2019)'),
    lad_name: text('Local Authority District name (2019)', 'Local Authority District name (2019)'),
    // Published with a thousands comma ("29,199"): landed as text, cast in staging.
    imd_rank: column(z.string().regex(/^[0-9,]+$/), {
      description: 'Index of Multiple Deprivation (IMD) Rank',
      header: 'Index of Multiple Deprivation (IMD) Rank',
    }),
    imd_decile: column(z.int().min(1).max(10), {
      description: 'Index of Multiple Deprivation (IMD) Decile',
      header: 'Index of Multiple Deprivation (IMD) Decile',
    }),
  }),
});

export const refCcgIcb = defineContract({
  id: 'ref_ccg_icb',
  title: 'Former CCG / sub-ICB codes to ICB',
  description: 'Maps pre-2022 CCG and sub-ICB ODS codes to the ICB, for the 2020-era workforce files.',
  source: 'Health Equity Evidence Centre, CCG to ICB code lookup',
  personLevel: false,
  key: ['ccg_code'],
  fixedPeriod: 'current',
  schema: z.object({
    ccg_code: text('CCG Code', 'CCG Code'),
    icb_code: text('ICB Code', 'ICB Code'),
    icb_name: text('ICB NAME', 'ICB NAME'),
  }),
});

export const refSnomed = defineContract({
  id: 'ref_snomed',
  title: 'SNOMED CT referral code set',
  description: 'A published GMSDE code set for referrals; only 871731000000106 is social prescribing proper.',
  source: 'GMSDE social care prescribing referral code set',
  personLevel: false,
  key: ['code'],
  fixedPeriod: 'current',
  format: { delimiter: '\t', header: false },
  fileNamePattern: /\.snomed\.txt$/i,
  schema: z.object({
    code: column(z.string().regex(/^[0-9]{6,18}$/), { description: 'SNOMED CT concept id' }),
    term: text('Fully specified name'),
  }),
});

export const refSwemwbs = defineContract({
  id: 'ref_swemwbs',
  title: 'SWEMWBS raw to metric score conversion',
  description: 'Converts a SWEMWBS raw total (7–35) to its metric score before any analysis.',
  source: 'Stewart-Brown et al. 2009, conversion table as published by Warwick Medical School',
  personLevel: false,
  key: ['raw_score'],
  fixedPeriod: 'current',
  schema: z.object({
    raw_score: column(z.int().min(7).max(35), { description: 'Raw total of the 7 items' }),
    metric_score: column(z.number().min(7).max(35), { description: 'Metric score' }),
  }),
});

export const refLsoa2011To2021 = defineContract({
  id: 'ref_lsoa_2011_2021',
  title: 'LSOA 2011 to LSOA 2021 lookup',
  description:
    'ONS best-fit lookup from LSOA 2011 to LSOA 2021 (England and Wales), to give an LSOA 2021 its IMD 2019 decile. CHGIND: U unchanged, S a 2011 LSOA split, M 2011 LSOAs merged, X irregular.',
  source:
    'ONS Open Geography Portal, LSOA (2011) to LSOA (2021) to Local Authority District (2022) Lookup for England and Wales',
  personLevel: false,
  key: ['lsoa11_code', 'lsoa21_code'],
  fixedPeriod: 'current',
  // the Welsh names of English districts are empty, and ObjectId is the portal's row number
  ignoredColumns: ['LAD22NMW', 'ObjectId'],
  schema: z.object({
    lsoa11_code: column(z.string().regex(/^[EW]01[0-9]{6}$/), {
      description: 'LSOA11CD',
      header: 'LSOA11CD',
    }),
    lsoa11_name: text('LSOA11NM', 'LSOA11NM'),
    lsoa21_code: column(z.string().regex(/^[EW]01[0-9]{6}$/), {
      description: 'LSOA21CD',
      header: 'LSOA21CD',
    }),
    lsoa21_name: text('LSOA21NM', 'LSOA21NM'),
    change: column(z.enum(['U', 'S', 'M', 'X']), {
      description: 'CHGIND: U unchanged, S split, M merged, X irregular',
      header: 'CHGIND',
    }),
    lad22_code: text('LAD22CD', 'LAD22CD'),
    lad22_name: text('LAD22NM', 'LAD22NM'),
  }),
});

export const refSubIcbPatients = defineContract({
  id: 'ref_sub_icb_patients',
  title: 'Registered patients per sub-ICB location per month',
  description:
    'The coverage file of NHS England "Appointments in General Practice": practices open and included, and the patients registered at them, per sub-ICB location (2022 codes throughout) and month from August 2020.',
  source: 'NHS England, Appointments in General Practice, APPOINTMENTS_GP_COVERAGE (monthly publication zip)',
  personLevel: false,
  key: ['sub_icb_code', 'appointment_month'],
  fixedPeriod: 'current',
  schema: z.object({
    sub_icb_code: text('SUB_ICB_LOCATION_CODE (ODS)', 'SUB_ICB_LOCATION_CODE'),
    ons_icb_code: text('ICB_ONS_CODE', 'ICB_ONS_CODE'),
    ons_region_code: text('REGION_CODE (ONS)', 'REGION_CODE'),
    appointment_month: column(z.string().regex(/^01[A-Za-z]{3}[0-9]{4}$/), {
      description: 'Appointment_Month, first of the month (e.g. 01AUG2020)',
      header: 'Appointment_Month',
    }),
    included_practices: column(z.int().min(0), {
      description: 'Included Practices',
      header: 'Included Practices',
    }),
    open_practices: column(z.int().min(0), { description: 'Open Practices', header: 'Open Practices' }),
    patients_at_included_practices: column(z.int().min(0), {
      description: 'Patients registered at included practices',
      header: 'Patients registered at included practices',
    }),
    patients_at_open_practices: column(z.int().min(0), {
      description: 'Patients registered at open practices',
      header: 'Patients registered at open practices',
    }),
  }),
});

const count = (description: string, header?: string) => column(z.int().min(0), { description, header });

export const refCensusEthnicGroup = defineContract({
  id: 'ref_census_ethnic_group',
  title: 'Census 2021 usual residents by LSOA 2021 and broad ethnic group',
  description:
    'ONS Census 2021 TS021 "Ethnic group", all usual residents per LSOA 2021 (England and Wales) in the five broad groups: the denominators of access rates per 1,000 residents.',
  source: 'ONS, Census 2021, TS021 Ethnic group (Nomis), made tidy: one row per LSOA 2021',
  personLevel: false,
  key: ['lsoa21_code'],
  fixedPeriod: 'current',
  schema: z.object({
    lsoa21_code: column(z.string().regex(/^[EW]01[0-9]{6}$/), { description: 'LSOA 2021 code' }),
    lsoa21_name: text('LSOA 2021 name'),
    all_usual_residents: count('All usual residents'),
    asian: count('Asian, Asian British or Asian Welsh'),
    black: count('Black, Black British, Black Welsh, Caribbean or African'),
    mixed: count('Mixed or Multiple ethnic groups'),
    white: count('White'),
    other: count('Other ethnic group'),
  }),
});

export const refLsoaCcg = defineContract({
  id: 'ref_lsoa_ccg',
  title: 'LSOA 2011 to CCG (April 2020)',
  description:
    'ONS lookup from LSOA 2011 to the CCG of April 2020 (ODS code in CCG20CDH): with the CCG → sub-ICB seed (staging.stg_ccg_sub_icb) it places every resident in a 2022 sub-ICB location.',
  source: 'ONS Open Geography Portal, LSOA (2011) to CCG to LAD (April 2020) Lookup in England',
  personLevel: false,
  key: ['lsoa11_code'],
  fixedPeriod: 'current',
  // FID is the portal's row number
  ignoredColumns: ['FID'],
  schema: z.object({
    lsoa11_code: column(z.string().regex(/^E01[0-9]{6}$/), { description: 'LSOA11CD', header: 'LSOA11CD' }),
    lsoa11_name: text('LSOA11NM', 'LSOA11NM'),
    ccg20_ons_code: text('CCG20CD', 'CCG20CD'),
    ccg20_code: text('CCG20CDH (ODS)', 'CCG20CDH'),
    ccg20_name: text('CCG20NM', 'CCG20NM'),
    lad20_code: text('LAD20CD', 'LAD20CD'),
    lad20_name: text('LAD20NM', 'LAD20NM'),
  }),
});

export const refGpadNational = defineContract({
  id: 'ref_gpad_national',
  title: 'GP appointments in England per month and national category',
  description:
    'NHS England "Appointments in General Practice" summary, Table 1a made tidy: England per month (December 2022 on), registered patients at open and at included practices, all appointments and appointments per national category (incl. "Social Prescribing Service").',
  source: 'NHS England, Appointments in General Practice, May 2025 summary workbook, Table 1a (tidy)',
  personLevel: false,
  key: ['month', 'measure'],
  fixedPeriod: 'current',
  schema: z.object({
    month: column(z.string().regex(/^[0-9]{4}-[0-9]{2}$/), { description: 'Month (YYYY-MM)' }),
    measure: text('Measure: a national category, the total, or registered patients'),
    value: count('Appointments or patients'),
  }),
});

export const refGpadAreas = defineContract({
  id: 'ref_gpad_areas',
  title: 'GP appointments per area and national category, one month',
  description:
    'NHS England "Appointments in General Practice" summary, Table 3f made tidy: appointments per national category for England, its regions, ICBs and sub-ICB locations in one month.',
  source: 'NHS England, Appointments in General Practice, May 2025 summary workbook, Table 3f (tidy)',
  personLevel: false,
  key: ['month', 'area_type', 'nhs_area_code', 'national_category'],
  fixedPeriod: 'current',
  schema: z.object({
    month: column(z.string().regex(/^[0-9]{4}-[0-9]{2}$/), { description: 'Month (YYYY-MM)' }),
    area_type: column(z.enum(['National', 'Region', 'ICB', 'Sub ICB Location']), {
      description: 'National, Region, ICB or Sub ICB Location',
    }),
    nhs_area_code: text('ODS code of the area (ENG for England)'),
    ons_code: text('ONS code of the area'),
    name: text('Area name'),
    open_practices: count('Open practices'),
    included_practices: count('Practices included'),
    national_category: text('National appointment category (Total: all appointments)'),
    // the tidy file keeps a blank column of the workbook as category "__" with no appointments
    appointments: column(z.int().min(0).nullable(), {
      description: 'Appointments (empty for category "__")',
    }),
  }),
});
