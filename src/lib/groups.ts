/**
 * The groups people are counted by on the equity views (the dashboard's datasets and the
 * notebooks): the column in the marts and how it is labelled.
 */
export const GROUPS = [
  ['imd_decile', 'IMD decile (1 = most deprived)'],
  ['age_band', 'Age band'],
  ['sex', 'Sex'],
  ['ethnic_group', 'Ethnic group'],
  ['referral_route', 'Referral route'],
] as const;
export type GroupColumn = (typeof GROUPS)[number][0];
