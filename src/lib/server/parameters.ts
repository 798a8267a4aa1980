/** The request parameters a dataset may take, as the API catalogue describes them. */
export const PARAMETERS = {
  area: 'E, REGION:<ODS>, ICB:<ODS>, SICBL:<ODS> or PCN:<ODS> (default E)',
  from: 'first month, YYYY-MM (default: 12 months to the latest month)',
  to: 'last month, YYYY-MM (default: the latest month)',
  instrument: 'outcome instrument, e.g. SWEMWBS, UCLA3 (default: all)',
  format: 'json (default) or csv',
} as const;
export type ParameterName = keyof typeof PARAMETERS;
