/** The request parameters a dataset may take, as the API catalogue describes them. */
export const PARAMETERS = {
  area: 'E, REGION:<ODS>, ICB:<ODS>, SICBL:<ODS> or PCN:<ODS> (default E)',
  from: 'first month, YYYY-MM (default: 12 months to the latest month)',
  to: 'last month, YYYY-MM (default: the latest month)',
  instrument: 'outcome instrument, e.g. SWEMWBS, UCLA3 (default: all)',
  format: 'json (default) or csv',
  page: 'page of rows, from 1 (tables of PCNs; default: every row); past the last page, the last',
  per_page: 'rows per page with page, 1–500 (default 25)',
} as const;
export type ParameterName = keyof typeof PARAMETERS;
