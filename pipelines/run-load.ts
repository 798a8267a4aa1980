import {
  bundledReferenceFiles,
  checkFreeSpace,
  expandPaths,
  loadBundledReference,
  loadPaths,
} from './load/load-paths.ts';
import type { FileReport } from './load/load-file.ts';
import { build, type BuildReport } from './model/build.ts';
import { currentSnapshot, publish, snapshotIsCurrent } from './publish/publish.ts';
import { openWarehouse, runBy } from './db/open-warehouse.ts';

export interface LoadOutcome {
  files: FileReport[];
  reference: FileReport[];
  snapshot?: string;
  built?: BuildReport;
  /** seconds spent landing and validating the files, building the models, publishing */
  seconds: { load: number; build: number; publish: number };
}

/** Where a load reports progress; silent when absent (tests, watch). */
export interface LoadProgress {
  file(done: number, total: number, name: string): void;
  step(text: string): void;
  done(): void;
}

const SILENT: LoadProgress = { file() {}, step() {}, done() {} };

/**
 * The whole job behind `spo load`, `spo demo` and `spo watch`: land and validate the files, then
 * build the models and publish a snapshot unless nothing changed. Effects are passed in
 * (progress, log), as a loader's are.
 */
export async function runLoad(
  paths: string[],
  options: { db?: string; command?: string; progress?: LoadProgress; log?: (message: string) => void },
): Promise<LoadOutcome> {
  const { db, file } = await openWarehouse(options.db);
  const progress = options.progress ?? SILENT;
  // seconds since the last lap (to the millisecond)
  let mark = process.hrtime.bigint();
  const lap = () => {
    const now = process.hrtime.bigint();
    const s = Number(now - mark) / 1e9;
    mark = now;
    return Math.round(s * 1000) / 1000;
  };
  const seconds = { load: 0, build: 0, publish: 0 };
  try {
    const effects = { db, runBy: runBy(options.command ?? `load ${paths.join(' ')}`) };
    // pre-flight before anything is written, the bundled reference data of a new warehouse included
    const fresh = (await db.one<{ n: number }>(`select count(*)::INTEGER as n from audit.loads`))?.n === 0;
    await checkFreeSpace(
      [...(await expandPaths(paths)), ...(fresh ? await bundledReferenceFiles() : [])],
      file,
    );
    const reference = await loadBundledReference(effects);
    const files = await loadPaths(paths, {
      ...effects,
      progress: progress.file,
    });
    progress.done();
    seconds.load = lap();
    if (await snapshotIsCurrent(db, file)) {
      return { files, reference, snapshot: (await currentSnapshot(file)) ?? undefined, seconds };
    }
    progress.step('building models…');
    const built = await build(db, { log: options.log });
    seconds.build = lap();
    progress.step('publishing a snapshot…');
    const snapshot = await publish(db, file);
    seconds.publish = lap();
    progress.done();
    return { files, reference, snapshot: snapshot.snapshot, built, seconds };
  } finally {
    progress.done();
    const closing = Date.now();
    db.close();
    options.log?.(`closed the warehouse (checkpoint) in ${Date.now() - closing} ms`);
  }
}
