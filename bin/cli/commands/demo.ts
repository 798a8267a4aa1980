import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REFERENCE_DIR, warehouseFile } from '../../../src/lib/config/paths.ts';
import { intOption, parse } from '../args.ts';
import { ensureDemoAccount } from '../demo-account.ts';
import { progressLine } from '../progress.ts';
import { describeFile, runLoad } from './load.ts';
import { serve } from './serve.ts';
import { settings } from '../../../src/lib/config/settings.ts';

/** Months the demo makes (the generator's default period, April 2023 to March 2025). */
const DEMO_MONTHS = 24;
/** England's volume: about 1.3 million people referred a year (UCL/NASP study of GP records, 2023). */
const REFERRALS_A_YEAR = 1_300_000;

export const demoHelp = `spo demo [--referrals N] [--seed S] [--port N] [--no-serve] [--db FILE]
  Generates realistic national synthetic extracts (by default England's volume, about 1.3 million
  referrals a year over ${DEMO_MONTHS} months), loads, builds and publishes them, then serves the
  dashboard on http://localhost:3000. Run again, it reuses what it made.`;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    referrals: { type: 'string' },
    seed: { type: 'string' },
    port: { type: 'string' },
    db: { type: 'string' },
    'no-serve': { type: 'boolean' },
  });
  const referrals = intOption(
    values.referrals,
    'referrals',
    Math.round((REFERRALS_A_YEAR * DEMO_MONTHS) / 12),
  );
  const seed = intOption(values.seed, 'seed', 1);
  const db = warehouseFile(values.db);
  const outDir = join(dirname(db), `demo-extracts-${referrals}-${seed}`);
  const started = Date.now();
  if (!existsSync(join(outDir, 'manifest.json'))) {
    process.stdout.write(
      `1/3 generating ${referrals.toLocaleString('en-GB')} synthetic referrals into ${outDir}\n`,
    );
    const { generate } = await import('../../../pipelines/generate/generate.ts');
    const progress = progressLine();
    await generate(
      { outDir, referrals, seed, months: DEMO_MONTHS },
      { progress: (done, total, what) => progress.update(`[${done}/${total}] ${what}`) },
    );
    progress.done();
  } else {
    process.stdout.write(`1/3 reusing the synthetic extracts in ${outDir}\n`);
  }
  process.stdout.write(
    '2/3 loading, validating, building and publishing (the real NHS Digital workforce files too)\n',
  );
  const workforce = join(REFERENCE_DIR, 'pcn_workforce');
  const outcome = await runLoad([outDir, workforce], { db, command: 'demo' });
  const counts = new Map<string, number>();
  for (const f of outcome.files) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  process.stdout.write(`    ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}\n`);
  for (const f of outcome.files.filter((x) => x.status === 'rejected'))
    process.stdout.write(`    ${describeFile(f)}\n`);
  process.stdout.write(
    `    published ${outcome.snapshot} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  if (values['no-serve']) {
    process.stdout.write('3/3 not serving (--no-serve): start the dashboard with  npx spo serve\n');
    return 0;
  }
  const port = intOption(values.port ?? settings().PORT, 'port', 3000);
  const account = await ensureDemoAccount(db);
  process.stdout.write('3/3 serving the dashboard\n');
  if (account) {
    process.stdout.write(
      `    sign in at http://localhost:${port}/login as "${account.name}" with password ${account.password}\n` +
        `    (an admin account for this demo; the password is kept in ${join(dirname(db), 'demo-password.txt')})\n`,
    );
  } else {
    process.stdout.write(
      '    sign in with an account made by  npx spo users add NAME --role admin --password-stdin\n',
    );
  }
  return serve({ port, host: 'localhost', db: values.db });
}
