import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference } from '../../pipelines/load/load-paths.ts';

export interface TempWarehouse {
  db: Database;
  dir: string;
  file: string;
  effects: { db: Database; runBy: string };
  close(): Promise<void>;
}

/** A real DuckDB warehouse file in a fresh temporary folder, migrated, with reference data loaded. */
export async function tempWarehouse(options: { reference?: boolean } = {}): Promise<TempWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'spo-test-'));
  const file = join(dir, 'warehouse.duckdb');
  const db = await openDatabase(file);
  await migrate(db);
  const effects = { db, runBy: 'test' };
  if (options.reference !== false) await loadBundledReference(effects);
  return {
    db,
    dir,
    file,
    effects,
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Counts rows of a table. */
export async function rowCount(db: Database, table: string, where = 'true'): Promise<number> {
  return (await db.one<{ n: number }>(`select count(*) as n from ${table} where ${where}`))!.n;
}
