import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generate } from '../pipelines/generate/generate.ts';
import { DATA_PAGE_PATHS } from '../src/lib/pages.ts';
import { parseQueryLog } from '../src/lib/server/query-log.ts';
import { ADMIN, startDashboard } from './harness/dashboard.ts';
import { openSession } from './harness/browser.ts';

export interface LatencyRow {
  target: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
}

export interface PageRow {
  page: string;
  firstContentfulPaintMs: number;
  jsGzipKiB: number;
}

const PAGES = DATA_PAGE_PATHS;

/** A dataset's first request after a publish: its time, and whether it ran a query (was cold). */
export interface FirstRequestRow {
  dataset: string;
  ms: number;
  status: number;
  coldQueries: number;
}

/** The server's query log (SPO_QUERY_LOG, src/lib/server/query-log.ts): one JSON object a line. */
type LogLine = {
  snapshot: string;
  dataset?: string;
  warming?: boolean;
  warmed?: boolean;
  switched?: boolean;
};
const readLog = (file: string): LogLine[] => {
  try {
    return parseQueryLog<LogLine>(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
};

/** Waits until the log holds a line `match` accepts; seconds waited. */
async function waitForLog(file: string, match: (l: LogLine) => boolean, what: string, timeoutS = 3600) {
  const started = performance.now();
  while (!readLog(file).some(match)) {
    if (performance.now() - started > timeoutS * 1000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return (performance.now() - started) / 1000;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * `connections` clients at once, each issuing requests back to back until `requests` are done;
 * latency per request in ms. The load generator shares the machine with the server (2 cores),
 * so the figures are an upper bound.
 */
async function hammer(url: string, headers: Record<string, string>, connections: number, requests: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next++ < requests) {
        const started = performance.now();
        try {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
  };
}

/**
 * The dashboard while the monthly load runs: a new delivery (another year of extracts) is loaded,
 * built and published into the same warehouse while 32 clients keep asking for datasets and pages;
 * the server must keep answering from its snapshot and switch to the new one without an error.
 */
async function latencyDuringLoad(
  dash: { baseUrl: string; db: string; dir: string },
  headers: Record<string, string>,
  connections: number,
) {
  const extracts = join(dash.dir, 'next-delivery');
  await generate(
    { outDir: extracts, referrals: 20_000, seed: 99, from: '2025-04', months: 6, messy: false },
    {},
  );
  const load = spawn(process.execPath, ['bin/spo.js', 'load', extracts, '--db', dash.db], {
    stdio: 'ignore',
  });
  const loading = new Promise<number>((ok) => load.on('exit', (code) => ok(code ?? 1)));
  let done = false;
  void loading.then(() => (done = true));
  const targets = ['/api/v1/referrals?area=E', '/api/v1/workforce?area=E', '/', '/referrals'];
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!done) {
        const started = performance.now();
        try {
          const res = await fetch(`${dash.baseUrl}${targets[i++ % targets.length]}`, { headers });
          await res.arrayBuffer();
          if (!res.ok) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  const code = await loading;
  const loadEndedAt = performance.now();
  latencies.sort((a, b) => a - b);
  return {
    loadEndedAt,
    requests: latencies.length,
    errors,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    loadExit: code,
  };
}

/** Latency of every API dataset and page under load, first paint and JS weight of every page. */
export async function benchDashboard(referrals: number, connections = 32, requests = 320) {
  const log = join(tmpdir(), `spo-bench-queries-${process.pid}.jsonl`);
  const dash = await startDashboard({ referrals, months: 24, build: true, env: { SPO_QUERY_LOG: log } });
  // from the server's start (startDashboard returns once it answers), not from generating the data
  const started = performance.now();
  try {
    // the first snapshot is served at once and warmed alongside: hammer it once warm, so the
    // latencies are the warm path's, not the warm step's competition
    await waitForLog(log, (l) => l.warmed === true, 'the first warm step');
    const firstWarmSeconds = (performance.now() - started) / 1000;
    const headers = { authorization: `Bearer ${dash.adminToken}`, 'x-forwarded-proto': 'http' };
    const catalogue = (await (await fetch(`${dash.baseUrl}/api/v1`, { headers })).json()) as {
      datasets: { id: string; path: string }[];
    };
    const firstSnapshot = readLog(log).find((l) => l.warmed)!.snapshot;
    const latency: LatencyRow[] = [];
    // The floor: a static file from the same server, measured in the same run.
    const baseline = await hammer(`${dash.baseUrl}/robots.txt`, headers, connections, requests);
    latency.push({ target: 'static file (baseline)', ...baseline });
    for (const d of catalogue.datasets) {
      const url = `${dash.baseUrl}${d.path}${d.path.includes('?') ? '&' : '?'}area=E`;
      latency.push({ target: `api ${d.id}`, ...(await hammer(url, headers, connections, requests)) });
    }
    for (const page of PAGES) {
      latency.push({
        target: `page ${page}`,
        ...(await hammer(`${dash.baseUrl}${page}`, headers, connections, requests)),
      });
    }
    const duringLoad = await latencyDuringLoad(dash, headers, connections);
    // the publish is warmed before the server switches to it: how long that took after the load
    // ended, then the first request to every dataset on the new snapshot, one at a time
    await waitForLog(log, (l) => l.switched === true && l.snapshot !== firstSnapshot, 'the switch');
    const switchSeconds = (performance.now() - duringLoad.loadEndedAt) / 1000;
    const newSnapshot = readLog(log).findLast((l) => l.switched)!.snapshot;
    const firstRequests: FirstRequestRow[] = [];
    for (const d of catalogue.datasets) {
      const before = readLog(log).length;
      const url = `${dash.baseUrl}${d.path}${d.path.includes('?') ? '&' : '?'}area=E`;
      const t = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      const ms = performance.now() - t;
      const cold = readLog(log)
        .slice(before)
        .filter((l) => l.snapshot === newSnapshot && l.dataset && !l.warming).length;
      firstRequests.push({ dataset: d.id, ms, status: res.status, coldQueries: cold });
    }
    const session = await openSession(dash.baseUrl, ADMIN);
    const pages: PageRow[] = [];
    try {
      for (const page of PAGES) {
        const scripts: Buffer[] = [];
        const onResponse = async (r: import('playwright-core').Response) => {
          if (r.request().resourceType() === 'script')
            scripts.push(await r.body().catch(() => Buffer.alloc(0)));
        };
        session.page.on('response', onResponse);
        await session.page.goto(`${dash.baseUrl}${page}`, { waitUntil: 'networkidle' });
        session.page.off('response', onResponse);
        const fcp = await session.page.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        );
        const js = scripts.reduce((n, b) => n + gzipSync(b).length, 0);
        pages.push({ page, firstContentfulPaintMs: fcp, jsGzipKiB: js / 1024 });
      }
    } finally {
      await session.close();
    }
    return { latency, pages, baseline, duringLoad, firstWarmSeconds, switchSeconds, firstRequests };
  } finally {
    await dash.stop();
  }
}
