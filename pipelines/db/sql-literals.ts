/** SQL identifiers and string literals, quoted for DuckDB. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
