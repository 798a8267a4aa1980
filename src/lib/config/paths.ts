/**
 * Every path the project uses, in one place: where the code's own folders are, and the files that
 * live beside the warehouse (snapshots, accounts, key, notebooks). One rule for the CLI, the
 * pipelines and the server, so they always agree on which warehouse they mean.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from './settings.ts';

/** The project root, found from this file so the CLI works from any working directory. */
export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The SQL models, contracts and reference data. */
export const WAREHOUSE_DIR = join(PROJECT_DIR, 'warehouse');
export const REFERENCE_DIR = join(WAREHOUSE_DIR, 'reference');

/** The warehouse file: `--db FILE`, else `SPO_DB`, else ./data/warehouse.duckdb in the working directory. */
export function warehouseFile(flag?: string): string {
  return resolve(flag || settings().SPO_DB || join('data', 'warehouse.duckdb'));
}

/** Published snapshots: data/warehouse.duckdb → data/snapshots/, with a `CURRENT` pointer. */
export const snapshotsDir = (warehouse: string) => join(dirname(warehouse), 'snapshots');
export const currentPointer = (warehouse: string) => join(snapshotsDir(warehouse), 'CURRENT');

/** Built notebooks (static HTML), served at /notebooks/. */
export const notebooksDir = (warehouse: string) => join(dirname(warehouse), 'notebooks');

/** Accounts, sessions, tokens, rate-limit state and the access log: SQLite beside the warehouse. */
export function accountsFile(warehouse: string): string {
  const s = settings().SPO_ACCOUNTS;
  return s ? resolve(s) : join(dirname(warehouse), 'accounts.sqlite');
}

/** The HMAC key file (0600), beside the warehouse, unless `SPO_SECRET` gives the key. */
export function keyFile(warehouse: string): string {
  const s = settings().SPO_SECRET_FILE;
  return s ? resolve(s) : join(dirname(warehouse), 'secret.key');
}
