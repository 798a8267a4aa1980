import { spawn, spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { openDatabase } from '../../pipelines/db/database.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';

/** Runs `spo` to the end (Node 24, from the project root). */
export const spo = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/spo.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });

/** Starts `spo` and kills it with SIGKILL after `killAfterMs` (if given), like a power cut. */
export function spoKilled(
  args: string[],
  options: { killAfterMs?: number; env?: Record<string, string> } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/spo.js', ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    });
  });
}

export interface WarehouseState {
  /** Rows per raw table. */
  raw: Record<string, number>;
  /** Loads per status (rejected loads are counted too). */
  loads: Record<string, number>;
  /** Highest committed load id. */
  lastLoadId: number | null;
  /** The published snapshot (file name) and its rows per mart, or null. */
  snapshot: { name: string; lastLoadId: number | null; marts: Record<string, number> } | null;
}

/**
 * Opens the warehouse (read-only) and its published snapshot, and checks the invariants a crash
 * must never break: both open, every raw row belongs to a load that committed, every rejected row
 * to a recorded load, and the snapshot shows no load the warehouse does not have.
 */
export async function warehouseState(file: string): Promise<WarehouseState> {
  const db = await openDatabase(file, { readOnly: true });
  let state: Omit<WarehouseState, 'snapshot'>;
  try {
    // killed while creating the warehouse, before its migration committed: nothing was loaded,
    // and the migration is one transaction, so no layer exists without the others
    const schemas = await db.all<{ s: string }>(
      `select schema_name as s from duckdb_schemas() where database_name = current_database()
         and schema_name in ('raw', 'audit', 'staging', 'intermediate', 'marts')`,
    );
    if (schemas.length === 0) return { raw: {}, loads: {}, lastLoadId: null, snapshot: null };
    expect(schemas.length, 'every layer of the warehouse, or none').toBe(5);
    const tables = await db.all<{ t: string }>(
      `select table_name as t from duckdb_tables() where database_name = current_database() and schema_name = 'raw' order by 1`,
    );
    const raw: Record<string, number> = {};
    for (const { t } of tables) {
      raw[t] = (await db.one<{ n: number }>(`select count(*) as n from raw."${t}"`))!.n;
      const orphans = await db.one<{ n: number }>(
        `select count(*) as n from raw."${t}" where load_id not in
           (select load_id from audit.loads where status in ('loaded', 'replaced'))`,
      );
      expect(orphans!.n, `rows of raw.${t} from a load that did not commit`).toBe(0);
    }
    const strays = await db.one<{ n: number }>(
      `select count(*) as n from audit.rejected_rows where load_id not in (select load_id from audit.loads)`,
    );
    expect(strays!.n, 'rejected rows of a load that was never recorded').toBe(0);
    const loads = Object.fromEntries(
      (
        await db.all<{ status: string; n: number }>(
          `select status, count(*)::INTEGER as n from audit.loads group by 1 order by 1`,
        )
      ).map((r) => [r.status, r.n]),
    );
    const last = await db.one<{ id: number | null }>(
      `select max(load_id) as id from audit.loads where status <> 'rejected'`,
    );
    state = { raw, loads, lastLoadId: last?.id ?? null };
  } finally {
    db.close();
  }
  const published = await currentSnapshot(file);
  if (!published) return { ...state, snapshot: null };
  const snap = await openDatabase(published, { readOnly: true });
  try {
    const info = await snap.all<{ snapshot_name: string; last_load_id: number | null }>(
      'select snapshot_name, last_load_id from marts._snapshot',
    );
    expect(info.length, `${published} has one _snapshot row`).toBe(1);
    expect(published.endsWith(info[0].snapshot_name)).toBe(true);
    expect(info[0].last_load_id ?? 0).toBeLessThanOrEqual(state.lastLoadId ?? 0);
    const marts: Record<string, number> = {};
    const tables = await snap.all<{ t: string }>(
      `select table_name as t from duckdb_tables() where schema_name = 'marts' and table_name <> '_snapshot' order by 1`,
    );
    for (const { t } of tables)
      marts[t] = (await snap.one<{ n: number }>(`select count(*) as n from marts."${t}"`))!.n;
    return { ...state, snapshot: { name: info[0].snapshot_name, lastLoadId: info[0].last_load_id, marts } };
  } finally {
    snap.close();
  }
}
