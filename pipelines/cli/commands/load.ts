import { basename } from 'node:path';
import {
  bundledReferenceFiles,
  checkFreeSpace,
  expandPaths,
  loadBundledReference,
  loadPaths,
} from '../../load/load-paths.ts';
import type { FileReport } from '../../load/load-file.ts';
import { build } from '../../model/build.ts';
import { currentSnapshot, publish, snapshotIsCurrent } from '../../publish/publish.ts';
import { parse, UsageError } from '../args.ts';
import { progressLine } from '../progress.ts';
import { openWarehouse, runBy } from '../warehouse.ts';

export const loadHelp = `spo load PATH... [--db FILE] [--json]
  Lands, validates, builds and publishes: files or folders of extracts (CSV or Parquet).
  Each file is recognised from its header. The same file twice is skipped; a corrected
  delivery replaces the earlier batch. Exit status 1 when any file is rejected.`;

export interface LoadOutcome {
  files: FileReport[];
  reference: FileReport[];
  snapshot?: string;
  built?: { models: number; testsPassed: number };
  /** seconds spent landing and validating the files, building the models, publishing */
  seconds: { load: number; build: number; publish: number };
}

/** The whole job behind `spo load`, reusable by `spo demo`. */
export async function runLoad(
  paths: string[],
  options: { db?: string; quiet?: boolean; command?: string },
): Promise<LoadOutcome> {
  const { db, file } = await openWarehouse(options.db);
  const progress = progressLine();
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
      progress: (done, total, name) => progress.update(`[${done + 1}/${total}] loading ${basename(name)}`),
    });
    progress.done();
    seconds.load = lap();
    if (await snapshotIsCurrent(db, file)) {
      return { files, reference, snapshot: (await currentSnapshot(file)) ?? undefined, seconds };
    }
    progress.update('building models…');
    const built = await build(db, {
      log: process.env.SPO_PROFILE ? (m) => process.stderr.write(`${m}\n`) : undefined,
    });
    seconds.build = lap();
    progress.update('publishing a snapshot…');
    const snapshot = await publish(db, file);
    seconds.publish = lap();
    progress.done();
    return { files, reference, snapshot: snapshot.snapshot, built, seconds };
  } finally {
    progress.done();
    db.close();
  }
}

export function describeFile(f: FileReport): string {
  const what = f.extract ? ` (${f.extract})` : '';
  if (f.status === 'skipped') return `skipped   ${f.file}${what}: already loaded, nothing written`;
  if (f.status === 'rejected') return `rejected  ${f.error}`;
  const replaced = f.replacedLoadId ? `, replacing load ${f.replacedLoadId}` : '';
  return `${f.status.padEnd(9)} ${f.file}${what}: ${f.rowsLoaded} of ${f.rowsRead} rows loaded, ${f.rowsRejected} rejected${replaced}`;
}

export async function loadCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length === 0) throw new UsageError('give one or more files or folders to load');
  const outcome = await runLoad(positionals, { db: values.db });
  const rejected = outcome.files.some((f) => f.status === 'rejected');
  if (values.json) {
    const files = outcome.files.map((f) => ({
      file: f.file,
      sha256: f.sha256,
      extract: f.extract,
      status: f.status,
      rowsRead: f.rowsRead,
      rowsLoaded: f.rowsLoaded,
      rowsRejected: f.rowsRejected,
      ...(f.error ? { error: f.error } : {}),
    }));
    process.stdout.write(
      `${JSON.stringify({ files, ...(outcome.snapshot ? { snapshot: outcome.snapshot } : {}), seconds: outcome.seconds })}\n`,
    );
  } else {
    for (const f of outcome.files) process.stdout.write(`${describeFile(f)}\n`);
    const rows = outcome.files.reduce((n, f) => n + f.rowsRejected, 0);
    if (rows > 0) process.stdout.write(`${rows} rows rejected: see them with  spo rejects\n`);
    if (outcome.built)
      process.stdout.write(
        `built ${outcome.built.models} models, ${outcome.built.testsPassed} data tests passed\n`,
      );
    if (outcome.snapshot) process.stdout.write(`published ${outcome.snapshot}\n`);
    const t = outcome.seconds;
    if (outcome.built)
      process.stdout.write(
        `took ${t.load.toFixed(1)} s to load, ${t.build.toFixed(1)} s to build, ${t.publish.toFixed(1)} s to publish\n`,
      );
  }
  return rejected ? 1 : 0;
}
