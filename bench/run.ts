// npm run bench [-- --referrals 1000000] [-- --full]: prints the figures as ratios against baselines
// measured in the same run, and records them in docs/benchmarks.md. Not part of npm test.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDashboard } from './dashboard.ts';
import { benchLoad, type LoadBenchRow } from './load.ts';
import { recordBenchmarks } from './record.ts';

const { values } = parseArgs({
  options: {
    referrals: { type: 'string' },
    full: { type: 'boolean' },
    'no-record': { type: 'boolean' },
    only: { type: 'string' },
  },
});
const sizes = values.referrals
  ? [Number(values.referrals)]
  : values.full
    ? [100_000, 1_000_000, 10_000_000]
    : [100_000, 1_000_000];

const rows: LoadBenchRow[] = [];
for (const referrals of values.only === 'dashboard' ? [] : sizes) {
  process.stderr.write(`load benchmark: ${referrals.toLocaleString('en-GB')} referrals…\n`);
  rows.push(await benchLoad(referrals));
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const table = [
  '| referrals | rows in all files | bare read_csv (s) | spo load (s) | ratio | of which build / publish (s) | peak MiB (bare / spo load) | re-delivery (s) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.referrals.toLocaleString('en-GB')} | ${r.rows.toLocaleString('en-GB')} | ${fmt(r.bareSeconds)} | ${fmt(r.loadSeconds)} | **${fmt(r.ratio, 2)}** | ${fmt(r.buildSeconds)} / ${fmt(r.publishSeconds)} | ${fmt(r.bareMiB, 0)} / ${fmt(r.loadMiB, 0)} | ${fmt(r.redeliverySeconds, 2)} |`,
  ),
];
if (rows.length > 1) {
  const [a, b] = [rows.at(-2)!, rows.at(-1)!];
  table.push(
    '',
    `Cost of ${b.referrals.toLocaleString('en-GB')} against ${a.referrals.toLocaleString('en-GB')}: ${fmt(b.loadSeconds / a.loadSeconds, 2)} × the time for ${fmt(b.referrals / a.referrals, 0)} × the referrals.`,
  );
}
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
process.stdout.write(`\n${table.join('\n')}\n\nmachine: ${machine}\n`);
if (!values['no-record'] && rows.length) await recordBenchmarks('load', table.join('\n'), machine);

if (values.only !== 'load') {
  const referrals = sizes.at(-1)!;
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
    '| page | first contentful paint (ms) | JavaScript loaded, gzipped (KiB) |',
    '|---|---:|---:|',
    ...d.pages.map((p) => `| ${p.page} | ${fmt(p.firstContentfulPaintMs, 0)} | ${fmt(p.jsGzipKiB)} |`),
  ];
  process.stdout.write(`\n${latency.join('\n')}\n`);
  if (!values['no-record']) await recordBenchmarks('dashboard', latency.join('\n'), machine);
}
