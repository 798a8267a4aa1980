import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { columnsOf } from '../../warehouse/contracts/columns-of.ts';
import { quoteIdent } from '../contracts/compile-checks.ts';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';
import { crashPoint } from './crash-point.ts';
import type { Database } from './database.ts';
import { WAREHOUSE_DIR } from '../../src/lib/config/paths.ts';

/** Creates the schemas, audit tables and one landing table per extract contract, if missing. */
export async function migrate(db: Database): Promise<void> {
  // all or nothing: a process killed while creating a new warehouse leaves it empty, never with
  // some schemas and not others (tests/robustness/crash-soak.test.ts kills it there)
  await db.transaction(() => migrateSteps(db));
}

async function migrateSteps(db: Database): Promise<void> {
  const dir = join(WAREHOUSE_DIR, 'migrations');
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()) {
    await db.run(await readFile(join(dir, file), 'utf8'));
    crashPoint('migrating');
  }
  for (const contract of CONTRACTS) {
    const columns = columnsOf(contract)
      .map((c) => `${quoteIdent(c.name)} ${c.sqlType}`)
      .join(', ');
    await db.run(
      `create table if not exists raw.${quoteIdent(contract.id)} (load_id bigint not null, source_row bigint not null, ${columns})`,
    );
    // The checks a row failed, written in the same pass that lands it; null on every loaded row.
    await db.run(
      `alter table raw.${quoteIdent(contract.id)} add column if not exists _failures STRUCT(column_name VARCHAR, value VARCHAR, reason VARCHAR)[]`,
    );
  }
}
