import { basename } from 'node:path';
import type { FileReport } from '../../../pipelines/load/load-file.ts';
import { runLoad as runLoadWith, type LoadOutcome } from '../../../pipelines/run-load.ts';
import { parse, UsageError } from '../args.ts';
import { describeBuild } from '../describe-build.ts';
import { progressLine } from '../progress.ts';
import { settings } from '../../../src/lib/config/settings.ts';

export type { LoadOutcome };

/** `spo load`'s job with the terminal's effects: a progress line, SPO_PROFILE timings on stderr. */
export function runLoad(paths: string[], options: { db?: string; command?: string }): Promise<LoadOutcome> {
  const progress = progressLine();
  return runLoadWith(paths, {
    ...options,
    progress: {
      file: (done, total, name) => progress.update(`[${done + 1}/${total}] loading ${basename(name)}`),
      step: (text) => progress.update(text),
      done: () => progress.done(),
    },
    log: settings().SPO_PROFILE ? (m) => process.stderr.write(`${m}\n`) : undefined,
  });
}

export const loadHelp = `spo load PATH... [--db FILE] [--json]
  Lands, validates, builds and publishes: files or folders of extracts (CSV or Parquet).
  Each file is recognised from its header. The same file twice is skipped; a corrected
  delivery replaces the earlier batch. Exit status 1 when any file is rejected.`;

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
    if (outcome.built) process.stdout.write(`${describeBuild(outcome.built)}\n`);
    if (outcome.snapshot) process.stdout.write(`published ${outcome.snapshot}\n`);
    const t = outcome.seconds;
    if (outcome.built)
      process.stdout.write(
        `took ${t.load.toFixed(1)} s to load, ${t.build.toFixed(1)} s to build, ${t.publish.toFixed(1)} s to publish\n`,
      );
  }
  return rejected ? 1 : 0;
}
