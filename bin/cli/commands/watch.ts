import { basename } from 'node:path';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { FolderWatcher } from '../../../pipelines/watch/watch.ts';
import { parse, UsageError } from '../args.ts';
import { runLoad, type LoadOutcome } from '../../../pipelines/run-load.ts';
import { describeFile } from './load.ts';
import { runNotebooks } from './notebooks.ts';

export const watchHelp = `spo watch DIR [--interval SECONDS] [--settle SECONDS] [--db FILE]
  Watches a folder and loads new or changed extracts as they arrive: it looks every --interval
  seconds (default 60; file events bring the look forward), waits until a file has stopped growing
  for --settle seconds (default 5), then loads, builds and publishes a new snapshot, which the
  running dashboard picks up without a restart, and rebuilds the notebooks. Ctrl+C stops it after the load in progress.`;

function seconds(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} must be a number of seconds, got ${value}`);
  return n;
}

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export async function watchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { interval: { type: 'string' }, settle: { type: 'string' }, db: { type: 'string' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('give one folder to watch: spo watch DIR');
  const intervalMs = Math.max(0.1, seconds(values.interval, 'interval', 60)) * 1000;
  const settleMs = seconds(values.settle, 'settle', 5) * 1000;
  const db = warehouseFile(values.db);
  const dir = positionals[0];
  const out = (line: string) => process.stdout.write(`${stamp()} ${line}\n`);
  const controller = new AbortController();
  const stop = () => {
    out('stopping (after the load in progress)…');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const watcher = new FolderWatcher<LoadOutcome>({
    dir,
    intervalMs,
    settleMs,
    signal: controller.signal,
    onWaiting: (file) => out(`waiting   ${basename(file)}: still being written`),
    load: async (files) => {
      const outcome = await runLoad(files, { db, command: `watch ${dir}` });
      for (const f of outcome.files) if (f.status !== 'skipped') out(describeFile(f));
      if (!outcome.built) return outcome;
      out(`published ${outcome.snapshot}`);
      // The notebooks follow the snapshot; a failure here leaves the load done and is only reported.
      await runNotebooks({ db })
        .then((r) => out(`rebuilt ${r.notebooks.length} notebooks in ${r.out}`))
        .catch((e: Error) =>
          process.stderr.write(`${stamp()} spo watch: notebooks not rebuilt: ${e.message}\n`),
        );
      return outcome;
    },
    onError: (error, files) => {
      const which = files.length ? ` (${files.map((f) => basename(f)).join(', ')})` : '';
      process.stderr.write(`${stamp()} spo watch: ${error.message}${which}; trying again at the next look\n`);
    },
  });
  out(`watching ${dir} every ${intervalMs / 1000} s for ${db}  (Ctrl+C to stop)`);
  await watcher.run();
  return 0;
}
