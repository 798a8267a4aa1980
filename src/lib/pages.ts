/**
 * The dashboard's data pages, in menu order: one list for the menu, the page cache, the
 * benchmarks and the tests, so a new page is added in one place.
 */
export const DATA_PAGES = [
  ['/', 'Overview'],
  ['/referrals', 'Referrals'],
  ['/capacity', 'Link-worker capacity'],
  ['/outcomes', 'Wellbeing outcomes'],
  ['/loneliness', 'Loneliness'],
  ['/healthcare-use', 'Health-care use'],
  ['/equity', 'Equity'],
  ['/compare', 'Compare areas'],
  ['/data-quality', 'Data quality'],
] as const;

export const DATA_PAGE_PATHS: readonly string[] = DATA_PAGES.map(([path]) => path);
