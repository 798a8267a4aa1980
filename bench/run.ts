// npm run bench [-- --referrals 5000000,10000000] [-- --months M] [-- --only load|dashboard] [-- --no-record]: prints the figures as ratios against baselines
// measured in the same run, and records them in docs/benchmarks.md. Not part of npm test.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDashboard } from './dashboard.ts';
import { benchLoad, type LoadBenchRow } from './load.ts';
import { loadReport } from './load-report.ts';
import { recordBenchmarks } from './record.ts';

const { values } = parseArgs({
  options: {
    referrals: { type: 'string' },
    months: { type: 'string' },
    'no-record': { type: 'boolean' },
    only: { type: 'string' },
    'dashboard-referrals': { type: 'string' },
  },
});
/** A whole number given on the command line, or an error naming the option. */
const whole = (raw: string, option: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${option} must be a positive whole number, got ${raw}`);
  return n;
};
// issue 17: a monthly delivery into warehouses of 5 M and 10 M referrals, in one run
const sizes = values.referrals
  ? values.referrals.split(',').map((r) => whole(r, 'referrals'))
  : [5_000_000, 10_000_000];
const months = values.months ? whole(values.months, 'months') : undefined;

const rows: LoadBenchRow[] = [];
// a size that fails (a command exits non-zero: out of memory, say) is reported, not lost with the rest
const failures: string[] = [];
for (const referrals of values.only === 'dashboard' ? [] : sizes) {
  process.stderr.write(`load benchmark: ${referrals.toLocaleString('en-GB')} referrals…\n`);
  try {
    rows.push(await benchLoad(referrals, { months }));
  } catch (e) {
    failures.push(`${referrals.toLocaleString('en-GB')} referrals: ${(e as Error).message.split('\n')[0]}`);
    process.stderr.write(`load benchmark failed at ${failures.at(-1)}\n`);
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
if (rows.length || failures.length) {
  const failed = failures.map((f) => `- **Failed**: ${f}`).join('\n');
  const report = [rows.length ? loadReport(rows) : '', failed].filter(Boolean).join('\n\n');
  process.stdout.write(`\n${report}\n\nmachine: ${machine}\n`);
  if (!values['no-record']) await recordBenchmarks('load', report, machine);
}

if (values.only !== 'load') {
  const referrals = values['dashboard-referrals']
    ? whole(values['dashboard-referrals'], 'dashboard-referrals')
    : sizes.at(-1)!;
  process.stderr.write(
    `dashboard benchmark: ${referrals.toLocaleString('en-GB')} referrals, 32 connections…\n`,
  );
  const d = await benchDashboard(referrals);
  const base = d.baseline.p95;
  const latency = [
    `Warehouse of ${referrals.toLocaleString('en-GB')} referrals; 32 concurrent connections, ${d.latency[0].requests} requests per target; the load generator runs on the same 2 cores as the server.`,
    '',
    '| target | p50 (ms) | p95 (ms) | p95 ÷ static-file p95 | errors |',
    '|---|---:|---:|---:|---:|',
    ...d.latency.map(
      (r) => `| ${r.target} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p95 / base, 1)} | ${r.errors} |`,
    ),
    '',
    `While a delivery of 20,000 referrals was loaded, built and published into the same warehouse (spo load exit ${d.duringLoad.loadExit}): ${d.duringLoad.requests} requests to datasets and pages, ${d.duringLoad.errors} errors, p50 ${fmt(d.duringLoad.p50)} ms, p95 ${fmt(d.duringLoad.p95)} ms.`,
    '',
    `The server warms each published snapshot before it switches to it (src/lib/server/warm.ts): the first snapshot was warm ${fmt(d.firstWarmSeconds, 0)} s after the server was started (served meanwhile, warmed alongside); the delivery's snapshot was switched to ${fmt(d.switchSeconds, 0)} s after its load ended (the old one served meanwhile). Then the first request to every dataset on the new snapshot, one at a time, England, as an administrator (goal ≤ 300 ms; a cold query is one the warm step had not computed):`,
    '',
    '| dataset | first request after publish (ms) | status | cold queries |',
    '|---|---:|---:|---:|',
    ...d.firstRequests.map((r) => `| ${r.dataset} | ${fmt(r.ms)} | ${r.status} | ${r.coldQueries} |`),
    '',
    `Slowest first request: ${fmt(Math.max(...d.firstRequests.map((r) => r.ms)))} ms; over 300 ms: ${d.firstRequests.filter((r) => r.ms > 300).length} of ${d.firstRequests.length}; cold queries in all: ${d.firstRequests.reduce((n, r) => n + r.coldQueries, 0)}.`,
    '',
    '| page | first contentful paint (ms) | JavaScript loaded, gzipped (KiB) |',
    '|---|---:|---:|',
    ...d.pages.map((p) => `| ${p.page} | ${fmt(p.firstContentfulPaintMs, 0)} | ${fmt(p.jsGzipKiB)} |`),
  ];
  process.stdout.write(`\n${latency.join('\n')}\n`);
  if (!values['no-record']) await recordBenchmarks('dashboard', latency.join('\n'), machine);
}
