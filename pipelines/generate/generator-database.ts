import { join } from 'node:path';
import { openDatabase, type Database } from '../db/database.ts';
import { settings } from '../../src/lib/config/settings.ts';

/**
 * The folder the generator's database spills to: inside the output folder, on the disk chosen to
 * hold the extracts (the system's temporary folder may be memory, tmpfs, which would defeat
 * spilling). Hidden, and its files are no extracts (`*.tmp`, `*.block`), so a folder left by a
 * killed run is never loaded.
 */
export function spillFolder(outDir: string): string {
  return join(outDir, `.spo-generate-spill-${process.pid}`);
}

/**
 * The generator's in-memory database, under `SPO_GENERATE_MEMORY_LIMIT` and spilling to
 * `spillFolder(outDir)` beyond it: at 10 M referrals its tables are several times the limit
 * (issue 17: peak memory ≤ 2 GiB). The caller removes the spill folder once it has closed it.
 */
export function openGeneratorDatabase(outDir: string): Promise<Database> {
  return openDatabase(':memory:', {
    memoryLimit: settings().SPO_GENERATE_MEMORY_LIMIT,
    tempDirectory: spillFolder(outDir),
  });
}
