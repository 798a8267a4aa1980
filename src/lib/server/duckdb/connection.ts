import {
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

const WIDE_NUMBERS = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/**
 * JSON-safe rows: DuckDB sends BIGINT / HUGEINT / DECIMAL as strings in its JSON form; the marts
 * only hold counts and FTE that fit a double exactly enough, so they become numbers here, once.
 * DATEs arrive as ISO `YYYY-MM-DD` strings.
 */
export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.columnNames();
  const numeric = reader.columnTypes().map((type) => WIDE_NUMBERS.has(type.typeId));
  return reader.getRowObjectsJson().map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const value = row[names[i]];
      out[names[i]] = numeric[i] && typeof value === 'string' ? Number(value) : value;
    }
    return out;
  });
}

/** One Kysely connection over one DuckDB connection. The snapshot is read-only: no transactions. */
export class DuckDBKyselyConnection implements DatabaseConnection {
  readonly #connection: DuckDBConnection;

  constructor(connection: DuckDBConnection) {
    this.#connection = connection;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = await this.#connection.runAndReadAll(query.sql, query.parameters as DuckDBValue[]);
    return { rows: plainRows(reader) as R[] };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported: queries on the snapshot return small aggregates');
  }

  close(): void {
    this.#connection.closeSync();
  }
}
