import type { DuckDBInstance } from '@duckdb/node-api';
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { DuckDBDriver } from './driver.ts';

/**
 * DuckDB's SQL is close to PostgreSQL's: `$1` parameters, double-quoted identifiers, `limit/offset`,
 * `returning`. So the Postgres compiler and adapter are reused; only the driver is DuckDB's.
 */
export class DuckDBDialect implements Dialect {
  readonly #instance: DuckDBInstance;

  constructor(instance: DuckDBInstance) {
    this.#instance = instance;
  }

  createDriver(): Driver {
    return new DuckDBDriver(this.#instance);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
