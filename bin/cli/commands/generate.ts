import { resolve } from 'node:path';
import { parse, intOption, UsageError } from '../args.ts';
import { progressLine } from '../progress.ts';
import { settings } from '../../../src/lib/config/settings.ts';

export const generateHelp = `spo generate --out DIR [--referrals N] [--seed S] [--from YYYY-MM] [--months M] [--clean]
  Writes realistic synthetic extracts (national, deterministic by seed) and a manifest.json
  saying how each file should load and the truth it planted (docs/synthetic-data.md). --clean leaves out the deliberate mess (bad rows, re-sent
  files, corrections).`;

export async function generateCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    referrals: { type: 'string' },
    seed: { type: 'string' },
    from: { type: 'string' },
    months: { type: 'string' },
    clean: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (!values.out) throw new UsageError('give the folder to write to: --out DIR');
  if (values.from && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.from)) {
    throw new UsageError(`--from must be a month like 2023-04, got ${values.from}`);
  }
  const { generate } = await import('../../../pipelines/generate/generate.ts');
  const progress = progressLine();
  const started = Date.now();
  const result = await generate(
    {
      outDir: resolve(values.out),
      referrals: intOption(values.referrals, 'referrals', 200_000),
      seed: intOption(values.seed, 'seed', 1),
      from: values.from,
      months: values.months ? intOption(values.months, 'months', 24) : undefined,
      messy: !values.clean,
    },
    {
      progress: (done, total, what) => progress.update(`[${done}/${total}] ${what}`),
      // SPO_PROFILE=1: the time of each step (and each file) on stderr.
      log: settings().SPO_PROFILE ? (message) => process.stderr.write(`${message}\n`) : undefined,
    },
  );
  progress.done();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows = result.files.reduce((n, f) => n + f.rows, 0);
    process.stdout.write(
      `wrote ${result.files.length} files (${rows.toLocaleString('en-GB')} rows) to ${resolve(values.out)} in ${((Date.now() - started) / 1000).toFixed(1)} s\nmanifest: ${result.manifestPath}\n`,
    );
  }
  return 0;
}
