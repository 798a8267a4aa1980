import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { currentPointer, snapshotsDir } from '../../src/lib/config/paths.ts';
import { periodsPredicate } from '../model/affected-months.ts';

export interface PublishReport {
  snapshot: string;
  tables: number;
  publishedAt: string;
  /** `updated`: a copy of the current snapshot with the changed marts written into it; `copied`: every mart written */
  mode: 'updated' | 'copied';
  /** why every mart was written (no snapshot yet, another warehouse's, …) */
  reason?: string;
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
 * Writes the marts to a new snapshot file, then switches the CURRENT pointer to it with an atomic
 * rename. Readers never see a half-written snapshot; a failed publish leaves the last good one in
 * place. Keeps the newest `keep`.
 *
 * The new snapshot starts as a copy of the current one when that is this warehouse's and records
 * the last build it shows: only the marts the builds since then changed are written into the copy
 * (the months a by-month mart rebuilt, or the whole table: audit.mart_changes), so a monthly
 * delivery's publish does not copy years of history. Anything else (no snapshot, another
 * warehouse's, an older format, a copy whose row counts then differ from the marts') writes every
 * mart afresh; `mode` and `reason` say which was done and why.
 */
export async function publish(
  db: Database,
  warehouseFile: string,
  options: { keep?: number; now?: () => Date; rewriteEvery?: number } = {},
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
  const tables = (
    await db.all<{ table_name: string }>(
      `select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'marts' order by 1`,
    )
  ).map((t) => t.table_name);
  const identity = (await db.one<{ warehouse_id: string; build_id: number | null }>(
    `select warehouse_id::VARCHAR as warehouse_id, (select max(build_id) from audit.mart_changes) as build_id
     from audit.warehouse_identity`,
  ))!;

  // publishes in a row that brought a copy up to date (0: written afresh)
  let updates = 0;
  // what the snapshot shows, written last in the same attachment as the marts
  const describe = () =>
    db.run(
      `create or replace table snapshot.marts._snapshot as
       select ?::TIMESTAMP as published_at, ? as snapshot_name,
         (select max(finished_at) from audit.loads where status in ('loaded', 'replaced')) as data_as_of,
         (select max(load_id) from audit.loads where status <> 'rejected') as last_load_id,
         ?::UUID as warehouse_id, ?::BIGINT as build_id, ?::INTEGER as updates`,
      [now.toISOString(), name, identity.warehouse_id, identity.build_id, updates],
    );
  let mode: PublishReport['mode'] = 'copied';
  let reason: string | undefined;
  const previous = await currentSnapshot(warehouseFile);
  const base = previous
    ? await baseOf(db, previous, identity.warehouse_id, options.rewriteEvery ?? REWRITE_EVERY)
    : { reason: 'no snapshot yet' };
  if ('buildId' in base) {
    updates = base.updates + 1;
    try {
      await copyFile(previous!, partial);
      await withSnapshot(db, partial, async () => {
        await updateCopy(db, tables, base.buildId);
        await describe();
      });
      mode = 'updated';
    } catch (error) {
      updates = 0;
      reason = `the copy of the current snapshot could not be brought up to date (${(error as Error).message.split('\n')[0]})`;
      await rm(partial, { force: true });
    }
  } else {
    reason = base.reason;
  }
  if (mode === 'copied') {
    await withSnapshot(db, partial, async () => {
      await copyAll(db, tables);
      await describe();
    });
  }
  await rename(partial, path);
  crashPoint('snapshot-written');
  const pointerTmp = `${currentPointer(warehouseFile)}.${process.pid}.tmp`;
  await writeFile(pointerTmp, `${name}\n`);
  await rename(pointerTmp, currentPointer(warehouseFile));
  await prune(dir, name, options.keep ?? 5);
  return {
    snapshot: path,
    tables: tables.length,
    publishedAt: now.toISOString(),
    mode,
    ...(reason ? { reason } : {}),
  };
}

/**
 * A copy keeps the rows it deleted until DuckDB reuses their space, so the file grows a little
 * with every update: every this many publishes in a row, every mart is written afresh.
 */
const REWRITE_EVERY = 12;

async function withSnapshot(db: Database, file: string, work: () => Promise<unknown>) {
  await db.run(`attach '${file.replaceAll("'", "''")}' as snapshot`);
  try {
    await work();
  } finally {
    await db.run('detach snapshot');
  }
}

/** Every mart written afresh into a new file. */
async function copyAll(db: Database, tables: string[]) {
  await db.run('create schema snapshot.marts');
  for (const table of tables) {
    await db.run(`create table snapshot.marts."${table}" as select * from marts."${table}"`);
  }
}

/**
 * The build the current snapshot shows, if it can be the base of the next one: written by this
 * warehouse (its identity), recording a build this warehouse made, beside no write-ahead log.
 */
async function baseOf(
  db: Database,
  snapshot: string,
  warehouseId: string,
  rewriteEvery: number,
): Promise<{ buildId: number; updates: number } | { reason: string }> {
  if (await stat(`${snapshot}.wal`).catch(() => null))
    return { reason: 'the current snapshot has a write-ahead log' };
  await db.run(`attach '${snapshot.replaceAll("'", "''")}' as previous (read_only)`);
  try {
    const shown = await db
      .one<{ warehouse_id: string | null; build_id: number | null; updates: number }>(
        `select warehouse_id::VARCHAR as warehouse_id, build_id, updates from previous.marts._snapshot`,
      )
      .catch(() => undefined);
    if (!shown || shown.warehouse_id === null)
      return { reason: 'the current snapshot does not say what it shows' };
    if (shown.warehouse_id !== warehouseId) return { reason: 'the current snapshot is another warehouse’s' };
    if (shown.build_id === null) return { reason: 'the current snapshot shows no recorded build' };
    if (shown.updates + 1 >= rewriteEvery) {
      return {
        reason: `the last ${shown.updates + 1} publishes updated a copy: written afresh every ${rewriteEvery}`,
      };
    }
    return { buildId: shown.build_id, updates: shown.updates };
  } finally {
    await db.run('detach previous');
  }
}

/**
 * Brings the attached copy of the current snapshot up to date: the marts the builds after
 * `buildId` rebuilt whole are written again, the months a by-month build rebuilt are deleted and
 * inserted again, marts no longer built are dropped. Then every table's row count must equal the
 * mart's, or the copy is given up (the caller writes every mart afresh).
 */
async function updateCopy(db: Database, tables: string[], buildId: number) {
  const rows = await db.all<{ relation: string; month_column: string | null; months: string; pcns: string }>(
    `select relation, month_column,
       to_json(list_transform(months, m -> strftime(m, '%Y-%m-%d')))::VARCHAR as months,
       to_json(pcns)::VARCHAR as pcns
     from audit.mart_changes where build_id > ?`,
    [buildId],
  );
  // per mart, over every build since the base: rebuilt whole by any of them, or the union of the
  // months (and PCNs) they rebuilt: a superset is sound, the rows are copied as the mart has them
  const whole = new Set<string>();
  const parts = new Map<string, { column: string; months: Set<string>; pcns: Set<string | null> | null }>();
  for (const row of rows) {
    const months = JSON.parse(row.months) as string[] | null;
    const pcns = JSON.parse(row.pcns) as (string | null)[] | null;
    const entry = parts.get(row.relation);
    if (months === null || row.month_column === null || (entry && entry.column !== row.month_column)) {
      whole.add(row.relation); // rebuilt whole, or keyed anew
      continue;
    }
    const next = entry ?? {
      column: row.month_column,
      months: new Set<string>(),
      pcns: new Set<string | null>(),
    };
    for (const m of months) next.months.add(m);
    next.pcns = pcns === null || next.pcns === null ? null : new Set([...next.pcns, ...pcns]);
    parts.set(row.relation, next);
  }
  const present = new Set(
    (
      await db.all<{ table_name: string }>(
        `select table_name from duckdb_tables() where database_name = 'snapshot' and schema_name = 'marts'`,
      )
    ).map((t) => t.table_name),
  );
  for (const table of present) {
    if (table !== '_snapshot' && !tables.includes(table))
      await db.run(`drop table snapshot.marts."${table}"`);
  }
  for (const table of tables) {
    const relation = `marts.${table}`;
    const byMonth = parts.get(relation);
    if (!present.has(table) || whole.has(relation)) {
      await db.run(`create or replace table snapshot.marts."${table}" as select * from marts."${table}"`);
    } else if (byMonth && byMonth.months.size > 0) {
      const pcns = byMonth.pcns && [...byMonth.pcns];
      const where = periodsPredicate(
        byMonth.column,
        [...byMonth.months].sort(),
        pcns ? { pcns: pcns.filter((p): p is string => p !== null), none: pcns.includes(null) } : undefined,
      );
      await db.run(`delete from snapshot.marts."${table}" where ${where}`);
      await db.run(
        `insert into snapshot.marts."${table}" by name select * from marts."${table}" where ${where}`,
      );
    }
  }
  const counts = tables
    .map(
      (t) =>
        `select '${t}' as t, (select count(*) from marts."${t}") as mart, (select count(*) from snapshot.marts."${t}") as copy`,
    )
    .join(' union all ');
  const differ = counts ? await db.all<{ t: string }>(`select t from (${counts}) where mart <> copy`) : [];
  if (differ.length > 0)
    throw new Error(`row counts differ from the marts: ${differ.map((d) => d.t).join(', ')}`);
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
