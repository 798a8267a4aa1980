import { DuckDBInstance } from '@duckdb/node-api';
import { Kysely } from 'kysely';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DuckDBDialect } from './duckdb/dialect.ts';
import { logSwitch } from './query-log.ts';
import type { Marts } from './schema.ts';
import { currentPointer, snapshotsDir, warehouseFile } from '../config/paths.ts';

/**
 * The dashboard reads only the published snapshot (pipelines/publish/publish.ts), read-only, one
 * DuckDB instance per process. The pointer file `snapshots/CURRENT` is read at most once a second;
 * when it names a newer snapshot that one is opened, warmed (the source's `warm`, if it has one:
 * the server's computes the common views, src/lib/server/warm.ts) while requests keep reading the
 * old one, and only then switched to; the old one is closed once its in-flight queries have
 * finished. So no request after a publish waits for a cold computation.
 */
export interface Snapshot {
  name: string;
  db: Kysely<Marts>;
  /** Per-snapshot memo: results computed from this snapshot never go stale. */
  cache: Map<string, Promise<unknown>>;
  /** keys computed by the warm step: kept however many other results are memoised */
  pinned: Set<string>;
  /** true while the warm step runs (before any user reads the snapshot) */
  warming: boolean;
}

/** Computes what users will ask of a snapshot, before they can (the server's: warm.ts). */
export type Warm = (snapshot: Snapshot) => Promise<void>;

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
  #warm: Warm | null = null;

  constructor(warehouse: string) {
    this.#warehouse = resolve(warehouse);
  }

  /**
   * Warm each newly published snapshot with `warm` before switching to it (the server sets this;
   * CLI commands, which release once and exit, do not).
   */
  set warm(warm: Warm | null) {
    this.#warm = warm;
  }

  /** The snapshot users read now (null before the first is opened). */
  get currentName(): string | null {
    return this.#current?.name ?? null;
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
      pinned: new Set(),
      warming: false,
      users: 0,
      retired: false,
    };
    // the first snapshot of a process is served at once (nobody has anything to keep reading), and
    // warmed alongside: requests for a view being warmed wait for that one computation (the memo
    // holds the promise); a later one is warmed before the switch
    const warm = this.#warm;
    if (warm) {
      next.warming = true;
      const warming = warm(next)
        .catch((e: unknown) => console.error(`warming snapshot ${name} failed; serving it cold:`, e))
        .finally(() => (next.warming = false));
      if (this.#current) await warming;
    }
    const old = this.#current;
    this.#current = next;
    logSwitch(next);
    if (old) {
      old.retired = true;
      if (old.users === 0) await old.db.destroy();
    }
  }

  /** Runs `work` against the current snapshot; the snapshot stays open until `work` settles. */
  async use<T>(work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    if (!this.#current || Date.now() - this.#checkedAt >= CHECK_EVERY_MS) {
      const checking = this.refresh();
      // with a snapshot to read, a request never waits for the next one to open and warm (and a
      // failure to open it is logged, not thrown at a request that did not wait for it)
      if (!this.#current || !this.#warm) await checking;
      else checking.catch((e: unknown) => console.error('opening the new snapshot failed:', e));
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

  /** Looks for a newly published snapshot (once at a time), opening, warming and switching to it. */
  refresh(): Promise<void> {
    this.#checking ??= this.#check().finally(() => (this.#checking = null));
    return this.#checking;
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

/** Drops memoised results whose key starts with `prefix` (the warm step's raw query rows, once released). */
export function forget(snapshot: Snapshot, prefix: string): void {
  for (const key of snapshot.cache.keys())
    if (key.startsWith(prefix)) {
      snapshot.cache.delete(key);
      snapshot.pinned.delete(key);
    }
}

/** How many results a snapshot keeps beyond those the warm step computed (pinned). */
const UNPINNED_LIMIT = 500;

/**
 * Memoises `compute` per snapshot under `key`. What is computed while the snapshot is warming is
 * pinned: kept for the snapshot's life, so the common views stay warm whatever else is asked;
 * other results are dropped oldest first beyond UNPINNED_LIMIT.
 */
export function cached<T>(snapshot: Snapshot, key: string, compute: () => Promise<T>): Promise<T> {
  let hit = snapshot.cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    hit.catch(() => {
      snapshot.cache.delete(key);
      snapshot.pinned.delete(key);
    });
    if (snapshot.warming) snapshot.pinned.add(key);
    else if (snapshot.cache.size - snapshot.pinned.size >= UNPINNED_LIMIT) {
      for (const old of snapshot.cache.keys()) {
        if (snapshot.cache.size - snapshot.pinned.size < UNPINNED_LIMIT) break;
        if (!snapshot.pinned.has(old)) snapshot.cache.delete(old);
      }
    }
    snapshot.cache.set(key, hit);
  }
  return hit;
}
