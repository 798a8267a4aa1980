import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { currentPointer, snapshotsDir } from '../../src/lib/config/paths.ts';

export interface PublishReport {
  snapshot: string;
  tables: number;
  publishedAt: string;
}

/** The published snapshot the dashboard should read, or null if nothing is published yet. */
export async function currentSnapshot(warehouseFile: string): Promise<string | null> {
  const name = (await readFile(currentPointer(warehouseFile), 'utf8').catch(() => '')).trim();
  return name ? join(snapshotsDir(warehouseFile), name) : null;
}

/**
 * Whether the published snapshot shows every committed load. It may not when a process was killed
 * after loading files but before publishing: the next run must then build and publish even though
 * every file is skipped.
 */
export async function snapshotIsCurrent(db: Database, warehouseFile: string): Promise<boolean> {
  const published = await currentSnapshot(warehouseFile);
  if (!published) return false;
  const latest = await db.one<{ id: number | null }>(
    `select max(load_id) as id from audit.loads where status <> 'rejected'`,
  );
  await db.run(`attach '${published.replaceAll("'", "''")}' as published (read_only)`);
  try {
    const shown = await db.one<{ id: number | null }>(
      'select max(last_load_id) as id from published.marts._snapshot',
    );
    return (shown?.id ?? null) === (latest?.id ?? null);
  } catch {
    return false; // an older or damaged snapshot: publish a new one
  } finally {
    await db.run('detach published');
  }
}

/**
 * Writes the marts (and the reference dimensions pages need) to a new snapshot file, then
 * switches the CURRENT pointer to it with an atomic rename. Readers never see a half-written
 * snapshot; a failed publish leaves the last good one in place. Keeps the newest `keep`.
 */
export async function publish(
  db: Database,
  warehouseFile: string,
  options: { keep?: number; now?: () => Date } = {},
): Promise<PublishReport> {
  const now = (options.now ?? (() => new Date()))();
  const dir = snapshotsDir(warehouseFile);
  await mkdir(dir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const name = `snapshot-${stamp}-${process.pid}.duckdb`;
  const path = join(dir, name);
  const partial = `${path}.partial`;
  await rm(partial, { force: true });
  const tables = await db.all<{ table_name: string }>(
    `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'marts' order by 1`,
  );
  await db.run(`attach '${partial.replaceAll("'", "''")}' as snapshot`);
  try {
    await db.run('create schema snapshot.marts');
    for (const { table_name } of tables) {
      await db.run(`create table snapshot.marts."${table_name}" as select * from marts."${table_name}"`);
    }
    await db.run(
      `create table snapshot.marts._snapshot as select ?::TIMESTAMP as published_at, ? as snapshot_name,
         (select max(finished_at) from audit.loads where status in ('loaded', 'replaced')) as data_as_of,
         (select max(load_id) from audit.loads where status <> 'rejected') as last_load_id`,
      [now.toISOString(), name],
    );
  } finally {
    await db.run('detach snapshot');
  }
  await rename(partial, path);
  crashPoint('snapshot-written');
  const pointerTmp = `${currentPointer(warehouseFile)}.${process.pid}.tmp`;
  await writeFile(pointerTmp, `${name}\n`);
  await rename(pointerTmp, currentPointer(warehouseFile));
  await prune(dir, name, options.keep ?? 5);
  return { snapshot: path, tables: tables.length, publishedAt: now.toISOString() };
}

async function prune(dir: string, current: string, keep: number) {
  const snapshots = (await readdir(dir)).filter((f) => /^snapshot-.*\.duckdb$/.test(f)).sort();
  const old = snapshots.filter((f) => f !== current).slice(0, Math.max(0, snapshots.length - keep));
  for (const file of old) await rm(join(dir, basename(file)), { force: true });
  // Leftovers of a publish that was killed part-way.
  for (const file of (await readdir(dir)).filter((f) => f.includes('.partial') || f.endsWith('.tmp'))) {
    if (!file.includes(String(process.pid))) await rm(join(dir, file), { force: true });
  }
}
