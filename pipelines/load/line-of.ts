/**
 * SQL for the file line of a landed row: its ordinal plus the header plus the unparseable rows
 * before it (the temp table `parse_rejects` that landing leaves).
 */
export const lineOf = (sourceRow: string): string =>
  `(${sourceRow} + 1 + (select count(*) from (select line - 1 - row_number() over (order by line) as good_before from parse_rejects) p where p.good_before < ${sourceRow}))`;
