import { z } from 'zod';
import type { Database } from '../db/database.ts';

/**
 * The DuckDB types each kind of contract column may be built as: what the DuckDB dialect turns
 * into the JavaScript value the zod type promises (src/lib/server/duckdb/connection.ts: BIGINT,
 * HUGEINT and DECIMAL become numbers, DATE an ISO string, TIMESTAMP text). `z.number()` is for
 * fractions: a column DuckDB builds as an integer says `z.int()`, so the contract states what
 * the column is. DECIMAL(p, s) is compared without its precision and scale.
 */
export const DUCKDB_TYPES = {
  string: ['VARCHAR'],
  enum: ['VARCHAR'],
  date: ['DATE'],
  timestamp: ['TIMESTAMP'],
  int: [
    'TINYINT',
    'SMALLINT',
    'INTEGER',
    'BIGINT',
    'HUGEINT',
    'UTINYINT',
    'USMALLINT',
    'UINTEGER',
    'UBIGINT',
  ],
  number: ['DOUBLE', 'FLOAT', 'DECIMAL'],
  boolean: ['BOOLEAN'],
} as const;

export type ColumnKind = keyof typeof DUCKDB_TYPES;

export class ColumnContractFailure extends Error {}

/** A contract column's kind and whether it may be null (zod's wrappers taken off). */
export function columnKind(schema: z.ZodType): { kind: ColumnKind; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
    nullable = true;
    inner = inner.unwrap() as z.ZodType;
  }
  const def = inner._zod.def as { type: string; format?: string };
  const marked = z.globalRegistry.get(inner)?.duckdbType;
  if (def.type === 'string' && marked === 'TIMESTAMP') return { kind: 'timestamp', nullable };
  if (def.type === 'string' && def.format === 'date') return { kind: 'date', nullable };
  if (def.type === 'string' && !def.format) return { kind: 'string', nullable };
  if (def.type === 'enum') return { kind: 'enum', nullable };
  if (def.type === 'boolean') return { kind: 'boolean', nullable };
  if (def.type === 'number') {
    const integer = def.format && ['safeint', 'int32', 'uint32'].includes(def.format);
    if (integer) return { kind: 'int', nullable };
    if (!def.format) return { kind: 'number', nullable };
  }
  throw new Error(
    `a contract column of zod type ${def.type}${def.format ? ` (${def.format})` : ''} has no DuckDB type to check it against: use one of ${Object.keys(DUCKDB_TYPES).join(', ')}`,
  );
}

/**
 * Checks a built relation against its contract: the same column names, each of a DuckDB type the
 * contract's kind allows (DUCKDB_TYPES), and no null in a column the contract does not mark
 * `.nullable()`. The row types the dashboard reads (src/lib/server/schema.ts) are derived from the
 * contracts, so this is what keeps those types true. Throws naming the model, the column, the
 * contract's type and DuckDB's.
 */
export async function checkColumns(db: Database, relation: string, columns: z.ZodObject): Promise<void> {
  const [schemaName, table] = relation.split('.');
  const built = await db.all<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns
     where table_schema = ? and table_name = ? order by ordinal_position`,
    [schemaName, table],
  );
  const builtTypes = new Map(built.map((c) => [c.column_name, c.data_type]));
  const shape = columns.shape as Record<string, z.ZodType>;
  const problems: string[] = [];
  const notNull: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const { kind, nullable } = columnKind(schema);
    const duckdbType = builtTypes.get(name);
    if (duckdbType === undefined) {
      problems.push(`column ${name} (${kind} in the contract) is not in the table DuckDB built`);
      continue;
    }
    const allowed: readonly string[] = DUCKDB_TYPES[kind];
    if (!allowed.includes(duckdbType.replace(/\(.*\)$/, ''))) {
      problems.push(
        `column ${name} is ${kind} in the contract (DuckDB ${allowed.join(' or ')}) but DuckDB built ${duckdbType}`,
      );
    }
    if (!nullable) notNull.push(name);
  }
  for (const { column_name, data_type } of built) {
    if (!(column_name in shape)) {
      problems.push(`column ${column_name} (DuckDB ${data_type}) is not in the contract`);
    }
  }
  if (problems.length === 0 && notNull.length > 0) {
    const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
    const counts = await db.one<Record<string, number>>(
      `select ${notNull.map((n) => `count(*) filter (where ${quote(n)} is null)::BIGINT as ${quote(n)}`).join(', ')}
       from ${relation}`,
    );
    for (const name of notNull) {
      const nulls = Number(counts?.[name] ?? 0);
      if (nulls > 0) {
        problems.push(
          `column ${name} is not nullable in the contract but ${nulls} row${nulls === 1 ? ' has' : 's have'} null (say .nullable(), or keep nulls out)`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new ColumnContractFailure(
      `model ${relation} does not match its contract (columns in ${table}.ts): ${problems.join('; ')}`,
    );
  }
}
