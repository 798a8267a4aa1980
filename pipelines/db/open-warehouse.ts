import { mkdir } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { warehouseFile } from '../../src/lib/config/paths.ts';
import { settings } from '../../src/lib/config/settings.ts';

/** Opens (creating if needed) the live warehouse; the ETL process alone owns this file. */
export async function openWarehouse(dbFlag?: string): Promise<{ db: Database; file: string }> {
  const file = warehouseFile(dbFlag);
  const s = settings();
  await mkdir(dirname(file), { recursive: true });
  let db: Database;
  try {
    db = await openDatabase(file, { memoryLimit: s.SPO_MEMORY_LIMIT });
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      throw new Error(
        `${file} is in use by another process (another spo load?). Wait for it to finish, or point --db at another warehouse`,
        { cause: error },
      );
    }
    throw new Error(`cannot open the warehouse ${file}: ${message.split('\n')[0]}`, { cause: error });
  }
  // Checkpoint after a load's files rather than after each of them: every commit is still durable
  // in the write-ahead log (a crash replays it), but merging the log into the file per file cost
  // as much as validating it.
  await db.run(`set checkpoint_threshold = '${s.SPO_CHECKPOINT_THRESHOLD}'`);
  await migrate(db);
  return { db, file };
}

export function runBy(command: string): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry in some containers: the host still says where it ran.
  }
  return `${user}@${hostname()} spo ${command}`;
}
