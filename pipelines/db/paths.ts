import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file so the CLI works from any working directory. */
export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WAREHOUSE_DIR = join(PROJECT_DIR, 'warehouse');
export const REFERENCE_DIR = join(WAREHOUSE_DIR, 'reference');

/** `--db FILE`, else `SPO_DB`, else ./data/warehouse.duckdb in the working directory. */
export function warehousePath(flag?: string): string {
  return resolve(flag ?? process.env.SPO_DB ?? join('data', 'warehouse.duckdb'));
}
