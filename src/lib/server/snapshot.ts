import { DuckDBInstance } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBDialect } from './duckdb/dialect.ts';
import type { Marts } from './schema.ts';
import { currentPointer, snapshotsDir, warehouseFile } from '../config/paths.ts';

/**
 * The dashboard reads only the published snapshot (pipelines/publish/publish.ts), read-only, one
 * DuckDB instance per process. The pointer file `snapshots/CURRENT` is read at most once a second;
 * when it names a newer snapshot that one is opened and the old one closed once its in-flight
 * queries have finished.
 */
export interface Snapshot {
  name: string;
  db: Kysely<Marts>;
  /** Per-snapshot memo: results computed from this snapshot never go stale. */
  cache: Map<string, Promise<unknown>>;
}

interface Open extends Snapshot {
  users: number;
  retired: boolean;
}

const CHECK_EVERY_MS = 1000;

export class NoSnapshotError extends Error {}

export class SnapshotSource {
  readonly #warehouse: string;
  #current: Open | null = null;
  #checkedAt = 0;
  #checking: Promise<void> | null = null;

  constructor(warehouse: string) {
    this.#warehouse = resolve(warehouse);
  }

  get warehouse(): string {
    return this.#warehouse;
  }

  get #dir() {
    return snapshotsDir(this.#warehouse);
  }

  async #check(): Promise<void> {
    const name = (await readFile(currentPointer(this.#warehouse), 'utf8').catch(() => '')).trim();
    this.#checkedAt = Date.now();
    if (!name || name === this.#current?.name) return;
    const instance = await DuckDBInstance.create(join(this.#dir, name), {
      access_mode: 'READ_ONLY',
      threads: '2',
    });
    const next: Open = {
      name,
      db: new Kysely<Marts>({ dialect: new DuckDBDialect(instance) }),
      cache: new Map(),
      users: 0,
      retired: false,
    };
    const old = this.#current;
    this.#current = next;
    if (old) {
      old.retired = true;
      if (old.users === 0) await old.db.destroy();
    }
  }

  /** Runs `work` against the current snapshot; the snapshot stays open until `work` settles. */
  async use<T>(work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    if (!this.#current || Date.now() - this.#checkedAt >= CHECK_EVERY_MS) {
      this.#checking ??= this.#check().finally(() => (this.#checking = null));
      await this.#checking;
    }
    const snapshot = this.#current;
    if (!snapshot) throw new NoSnapshotError(`nothing is published for ${this.#warehouse} yet: run spo load`);
    snapshot.users++;
    try {
      return await work(snapshot);
    } finally {
      snapshot.users--;
      if (snapshot.retired && snapshot.users === 0) await snapshot.db.destroy();
    }
  }

  async close(): Promise<void> {
    if (this.#current && this.#current.users === 0) await this.#current.db.destroy();
    this.#current = null;
  }
}

let source: SnapshotSource | null = null;

/**
 * The process's one snapshot source: the warehouse given to `snapshotsOf` (the CLI's --db, for
 * commands that release figures in their own process), else the one `SPO_DB` names
 * (src/lib/config/paths.ts). One process serves one warehouse.
 */
export function snapshots(): SnapshotSource {
  source ??= new SnapshotSource(warehouseFile());
  return source;
}

/** Makes `warehouse` the process's snapshot source (refused if another is already in use). */
export function snapshotsOf(warehouse: string): SnapshotSource {
  const wanted = resolve(warehouse);
  if (source && source.warehouse !== wanted)
    throw new Error(`this process already reads ${source.warehouse}; run a new spo for ${wanted}`);
  source ??= new SnapshotSource(wanted);
  return source;
}

/** Memoises `compute` per snapshot under `key`. */
export function cached<T>(snapshot: Snapshot, key: string, compute: () => Promise<T>): Promise<T> {
  let hit = snapshot.cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    hit.catch(() => snapshot.cache.delete(key));
    if (snapshot.cache.size > 500) snapshot.cache.clear();
    snapshot.cache.set(key, hit);
  }
  return hit;
}
