import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { expandPaths } from '../load/load-paths.ts';

/**
 * Watches a folder for extracts and loads each new or changed file once it has stopped growing.
 *
 * The folder is polled every `intervalMs` (the schedule: it works on network shares and in
 * containers where file events are lost), and `fs.watch` is a hint that brings the next look
 * forward. A file is ready when its size and modification time have not changed for `settleMs`:
 * a file still being copied in is left alone until the copy finishes. Ready files are loaded
 * together by `load` (in the CLI, `runLoad`: land, validate, build, publish a snapshot); a file
 * is not looked at again until its size or modification time changes. When `load` throws (the
 * warehouse is busy, a build failed) nothing is marked done and the next look tries again.
 */
export interface WatchOptions<R> {
  dir: string;
  /** how often to look, in milliseconds */
  intervalMs: number;
  /** how long a file must stay unchanged before it is loaded, in milliseconds */
  settleMs: number;
  load: (files: string[]) => Promise<R>;
  onLoaded?: (files: string[], result: R) => void;
  onError?: (error: Error, files: string[]) => void;
  /** a file is waiting for its copy to finish */
  onWaiting?: (file: string) => void;
  signal?: AbortSignal;
  now?: () => number;
}

interface Seen {
  size: number;
  mtimeMs: number;
  /** when this size and mtime were first seen */
  since: number;
}

const signature = (s: { size: number; mtimeMs: number }) => `${s.size}:${s.mtimeMs}`;

/** Names that are partial downloads or editor/copy temporaries, never extracts. */
const TEMPORARY = /(^\.|~$|\.(partial|part|tmp|crdownload|filepart|swp)$)/i;

export class FolderWatcher<R> {
  readonly #o: WatchOptions<R>;
  readonly #seen = new Map<string, Seen>();
  readonly #done = new Map<string, string>();
  readonly #waitingReported = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #watcher: FSWatcher | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: WatchOptions<R>) {
    this.#o = { ...options, dir: resolve(options.dir) };
  }

  get #now() {
    return (this.#o.now ?? Date.now)();
  }

  /** Looks at the folder once: loads ready files, returns those it loaded (or tried to). */
  async scan(): Promise<string[]> {
    const files = (await expandPaths([this.#o.dir])).filter((f) => !TEMPORARY.test(basename(f)));
    const ready: string[] = [];
    let pending = false;
    const present = new Set(files);
    for (const file of files) {
      const info = await stat(file).catch(() => null);
      if (!info) continue; // gone between the listing and the look
      const sig = signature(info);
      if (this.#done.get(file) === sig) continue;
      const prev = this.#seen.get(file);
      if (!prev || signature(prev) !== sig) {
        this.#seen.set(file, { size: info.size, mtimeMs: info.mtimeMs, since: this.#now });
        pending = true;
        continue;
      }
      if (this.#now - prev.since >= this.#o.settleMs && info.size > 0) ready.push(file);
      else {
        pending = true;
        if (!this.#waitingReported.has(file)) {
          this.#waitingReported.add(file);
          this.#o.onWaiting?.(file);
        }
      }
    }
    for (const file of this.#seen.keys()) if (!present.has(file)) this.#seen.delete(file);
    if (ready.length > 0) {
      try {
        const result = await this.#o.load(ready);
        for (const file of ready) {
          const s = this.#seen.get(file)!;
          this.#done.set(file, signature(s));
          this.#waitingReported.delete(file);
        }
        this.#o.onLoaded?.(ready, result);
      } catch (error) {
        this.#o.onError?.(error as Error, ready);
      }
    }
    // A file still settling is looked at again soon, not only at the next scheduled poll.
    if (pending) this.#soon(Math.min(this.#o.intervalMs, Math.max(100, this.#o.settleMs)));
    return ready;
  }

  /** Runs a scan now, or once more after the current one when one is running. */
  #kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.scan()
      .then(() => undefined)
      .catch((error: Error) => this.#o.onError?.(error, []))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.#soon(50);
        } else this.#soon(this.#o.intervalMs);
      });
  }

  #soon(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#kick(), ms);
  }

  /** Starts polling and listening; resolves when stopped (by `stop()` or the signal). */
  async run(): Promise<void> {
    const info = await stat(this.#o.dir).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${this.#o.dir}: no such folder`);
    try {
      this.#watcher = fsWatch(this.#o.dir, { recursive: true }, () => this.#soon(100));
      this.#watcher.on('error', () => {
        this.#watcher?.close();
        this.#watcher = null; // polling carries on
      });
    } catch {
      this.#watcher = null; // file events unsupported here: polling alone
    }
    const stopped = new Promise<void>((done) => {
      const stop = () => this.stop().then(done);
      if (this.#o.signal?.aborted) stop();
      this.#o.signal?.addEventListener('abort', stop, { once: true });
      this.#onStop = done;
    });
    this.#kick();
    return stopped;
  }

  #onStop: (() => void) | null = null;

  /** Stops looking; a load in progress is allowed to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#watcher?.close();
    await this.#running;
    this.#onStop?.();
  }
}
