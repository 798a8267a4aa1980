/**
 * Code lists shared by the extract contracts, the generator and the warehouse models. Values are
 * lower snake case so they read the same in SQL, CSV and URLs; labels are for people.
 */
export const REFERRAL_ROUTES = {
  gp: 'GP',
  other_primary_care: 'Other primary care',
  secondary_care: 'Secondary care',
  self: 'Self-referral',
  voluntary_sector: 'Voluntary sector',
  local_authority: 'Local authority',
  other: 'Other',
} as const;

export const REFERRAL_REASONS = {
  mental_wellbeing: 'Mental wellbeing',
  loneliness_isolation: 'Loneliness or isolation',
  long_term_condition: 'Long-term condition',
  finance_debt: 'Finance or debt',
  housing: 'Housing',
  physical_activity: 'Physical activity',
  employment: 'Employment',
  carer: 'Carer support',
  bereavement: 'Bereavement',
  other: 'Other',
} as const;

export const SNOMED = {
  referred: '871731000000106',
  declined: '871711000000103',
} as const;

export const EPISODE_OUTCOMES = {
  completed: 'Support completed',
  disengaged: 'Disengaged',
  declined: 'Declined support',
  referred_elsewhere: 'Referred elsewhere',
  moved_away: 'Moved away',
  died: 'Died',
  other: 'Other',
} as const;

export const AGE_BANDS = [
  '0-17',
  '18-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75-84',
  '85+',
] as const;

export const SEXES = { female: 'Female', male: 'Male', other: 'Other', not_known: 'Not known' } as const;

/** ONS 2011/2021 high-level ethnic groups. */
export const ETHNIC_GROUPS = {
  asian: 'Asian or Asian British',
  black: 'Black, Black British, Caribbean or African',
  mixed: 'Mixed or multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
  not_stated: 'Not stated',
} as const;

export const ACTIVITY_CATEGORIES = {
  arts_and_crafts: 'Arts and crafts (a knitting or craft group, music, drama)',
  sport_and_physical_activity: 'Sport and physical activity',
  nature_and_conservation: 'Nature and conservation',
  befriending: 'Befriending',
  volunteering: 'Volunteering',
  advice_debt_benefits_housing: 'Debt, benefits or housing advice',
  learning_and_skills: 'Learning and skills',
  mental_health_support: 'Mental health support',
  other: 'Other',
} as const;

export const PROVIDER_TYPES = {
  voluntary_community: 'Voluntary or community sector',
  statutory: 'Statutory service',
  other: 'Other',
} as const;

export const ASSESSMENT_STAGES = { baseline: 'Baseline', follow_up: 'Follow-up' } as const;

export const STAFF_ROLES = {
  social_prescribing_link_worker: 'Social prescribing link worker',
  health_and_wellbeing_coach: 'Health and wellbeing coach',
  care_coordinator: 'Care coordinator',
  other: 'Other',
} as const;

/** The NHS Digital PCN workforce STAFF_ROLE that counts as a link worker. */
export const NHSD_LINK_WORKER_ROLE = 'Social Prescribing Link Workers';

export const TARGET_MEASURES = {
  link_worker_fte: 'Link workers in post (FTE)',
  link_worker_headcount: 'Link workers in post (headcount)',
  link_worker_fte_per_50k: 'Link-worker FTE per 50,000 registered patients',
  referrals_per_year: 'People referred to social prescribing a year',
  personalised_care_per_year: 'People benefiting from personalised care a year',
} as const;

/** The two cohorts of a health-care use extract: people referred, and their matched comparisons. */
export const COHORTS = {
  referred: 'Referred to social prescribing',
  comparison: 'Matched comparison (not referred)',
} as const;

export const keysOf = <T extends Record<string, string>>(codes: T) =>
  Object.keys(codes) as [keyof T & string, ...(keyof T & string)[]];
