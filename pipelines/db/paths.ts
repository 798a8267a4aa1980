import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file so the CLI works from any working directory. */
export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WAREHOUSE_DIR = join(PROJECT_DIR, 'warehouse');
export const REFERENCE_DIR = join(WAREHOUSE_DIR, 'reference');

/**
 * `--db FILE`, else `SPO_DB`, else ./data/warehouse.duckdb in the working directory. One rule for
 * the CLI and the server: the accounts store beside the warehouse is found the same way.
 */
export { warehouseFile as warehousePath } from '../../src/lib/server/auth/config.ts';
