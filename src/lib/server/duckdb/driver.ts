import type { DuckDBInstance } from '@duckdb/node-api';
import type { DatabaseConnection, Driver } from 'kysely';
import { DuckDBKyselyConnection } from './connection.ts';

/**
 * A small pool over one DuckDB instance: DuckDB runs queries of separate connections in parallel,
 * so each in-flight query gets its own connection; idle ones are kept for reuse.
 */
export class DuckDBDriver implements Driver {
  readonly #instance: DuckDBInstance;
  readonly #idle: DuckDBKyselyConnection[] = [];
  readonly #all = new Set<DuckDBKyselyConnection>();

  constructor(instance: DuckDBInstance) {
    this.#instance = instance;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    const connection = new DuckDBKyselyConnection(await this.#instance.connect());
    this.#all.add(connection);
    return connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error('the snapshot is read-only: transactions are not supported');
  }

  async commitTransaction(): Promise<void> {}

  async rollbackTransaction(): Promise<void> {}

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (this.#idle.length < 4) this.#idle.push(connection as DuckDBKyselyConnection);
    else {
      (connection as DuckDBKyselyConnection).close();
      this.#all.delete(connection as DuckDBKyselyConnection);
    }
  }

  async destroy(): Promise<void> {
    for (const connection of this.#all) connection.close();
    this.#all.clear();
    this.#idle.length = 0;
    this.#instance.closeSync();
  }
}
