/**
 * The capacity projection scored on history: NHS Digital's published PCN workforce (March 2020 –
 * September 2022, quarterly) is loaded; the projection made with the data up to September 2021
 * (the dataset's `to`, so it sees nothing later) is compared with what September 2022 then
 * showed, for England and every ICB, against the naive forecast "no change from the latest".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertsCommand } from '../../bin/cli/commands/alerts.ts';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';
import { linearTrend, predictTrend } from '../../src/lib/stats/index.ts';

const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });
const dataset = (query: string) =>
  runDataset('capacity-projection', parseFilters(new URLSearchParams(query)), admin);

let dir: string;
let file: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-projection-'));
  file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'projection.test' });
  const reports = await loadPaths([join(REFERENCE_DIR, 'pcn_workforce')], { db, runBy: 'projection.test' });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 240_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('capacity projection', () => {
  it("England's projection is the least-squares line of its own FTE (worked here from the workforce rows)", async () => {
    const history = (await runDataset('workforce', parseFilters(new URLSearchParams('to=2021-09')), admin))
      .rows;
    const points = history.map((r) => ({
      t: Number(String(r.month).slice(0, 4)) * 12 + Number(String(r.month).slice(5, 7)) - 1,
      y: Number(r.fte),
    }));
    expect(points).toHaveLength(7); // March 2020 – September 2021, quarterly
    const p = predictTrend(linearTrend(points), points.at(-1)!.t + 12);
    const england = (await dataset('to=2021-09')).rows[0];
    expect(england).toMatchObject({ level: 'E', last_month: '2021-09', points: 7 });
    expect(england.projected_12).toBeCloseTo(p.value, 6);
    // the interval from the quarter-to-quarter changes, worked here from the formula in
    // docs/methods.md: 6 changes over 18 months, σ² = Σ(Δy − μ·3)² / 3 / 5, se = σ √(12 (1 + 12/18)),
    // t(0.975, 5) = 2.570582 (tables)
    const drift = (points.at(-1)!.y - points[0].y) / 18;
    const changes = points.slice(1).map((q, i) => q.y - points[i].y - drift * 3);
    const sigma = Math.sqrt(changes.reduce((s, d) => s + d ** 2 / 3, 0) / 5);
    expect(Number(england.upper_12) - Number(england.projected_12)).toBeCloseTo(
      2.570582 * sigma * Math.sqrt(12 * (1 + 12 / 18)),
      1,
    );
  });

  // England with its regions, then each region with its ICBs
  const everyArea = async (to: string) => {
    const top = (await dataset(`to=${to}`)).rows;
    const regions = top.filter((r) => r.level === 'REGION');
    const icbs = await Promise.all(
      regions.map(async (r) => (await dataset(`area=REGION:${r.code}&to=${to}`)).rows.slice(1)),
    );
    return [top[0], ...icbs.flat()];
  };

  it('backtest: fitted to September 2021, scored on September 2022, for England and every ICB', async () => {
    const past = await everyArea('2021-09');
    const after = new Map((await everyArea('2022-09')).map((r) => [r.code, r]));
    const scored = past
      .filter((r) => typeof r.projected_12 === 'number' && typeof after.get(r.code)?.fte === 'number')
      .map((r) => {
        const actual = Number(after.get(r.code)!.fte);
        return {
          code: r.code,
          actual,
          trendError: Math.abs(Number(r.projected_12) - actual),
          naiveError: Math.abs(Number(r.fte) - actual),
          covered: Number(r.lower_12) <= actual && actual <= Number(r.upper_12),
        };
      });
    const icbs = scored.filter((s) => s.code !== 'E');
    expect(icbs).toHaveLength(42);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const trendMape = mean(icbs.map((s) => s.trendError / s.actual));
    const naiveMape = mean(icbs.map((s) => s.naiveError / s.actual));
    const coverage = icbs.filter((s) => s.covered).length / icbs.length;
    const e = scored.find((s) => s.code === 'E')!;
    console.info(
      `backtest (fit ≤ 2021-09, score 2022-09): England error ${((100 * e.trendError) / e.actual).toFixed(1)} % ` +
        `(no-change ${((100 * e.naiveError) / e.actual).toFixed(1)} %); ICBs mean absolute % error ` +
        `${(100 * trendMape).toFixed(1)} % (no-change ${(100 * naiveMape).toFixed(1)} %), ` +
        `95 % prediction interval covered ${icbs.filter((s) => s.covered).length} of 42`,
    );
    // the trend must beat carrying the latest month forward, which a growing workforce punishes
    expect(trendMape).toBeLessThan(naiveMape);
    expect(e.trendError).toBeLessThan(e.naiveError);
    // The line's classical interval covered 26 of 42 (62 %) here: a workforce growing in steps fits
    // a line closely. The interval from the area's own changes (stepInterval) is to cover most of
    // them; it is not fitted to this origin (no parameter is tuned), so this is out of sample.
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(e.covered).toBe(true);
  });

  it('the 95 % interval covers most ICBs 12 months on from every origin with 4 or more quarters', async () => {
    // origins December 2020 – June 2021 (4–6 quarters in the window), each scored 12 months on
    const covered: string[] = [];
    for (const [origin, scoredAt] of [
      ['2020-12', '2021-12'],
      ['2021-03', '2022-03'],
      ['2021-06', '2022-06'],
    ]) {
      const after = new Map((await everyArea(scoredAt)).map((r) => [r.code, Number(r.fte)]));
      const icbs = (await everyArea(origin)).filter(
        (r) => r.level === 'ICB' && typeof r.lower_12 === 'number',
      );
      expect(icbs).toHaveLength(42);
      const n = icbs.filter(
        (r) => Number(r.lower_12) <= after.get(r.code)! && after.get(r.code)! <= Number(r.upper_12),
      ).length;
      covered.push(`${origin}: ${n} of 42`);
      expect(n / 42, origin).toBeGreaterThanOrEqual(0.85);
    }
    console.info(`95 % interval coverage 12 months on: ${covered.join('; ')}`);
  });

  it('spo alerts --user lists what that user saved, in their scope; a user with none has none', async () => {
    const run = async (args: string[]) => {
      const out: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        out.push(String(chunk));
        return true;
      });
      try {
        const code = await alertsCommand(['--db', file, ...args]);
        return { code, out: out.join('') };
      } finally {
        write.mockRestore();
      }
    };
    const store = new AuthStore(file);
    try {
      store.addUser('planner', 'icb', ['QHM'], null);
      store.addUser('bystander', 'viewer', [], null);
      store.saveAlertRules('planner', { behindFte: 0, waitsOver: null });
    } finally {
      store.close();
    }
    const saved = await run(['--user', 'planner', '--to', '2020-06', '--json']);
    const same = await run(['--role', 'icb', '--icb', 'QHM', '--behind', '0', '--to', '2020-06', '--json']);
    const alerts = (JSON.parse(saved.out) as { alerts: { area: string }[] }).alerts;
    // the ICB user's own ICB (and its sub-ICBs), never England
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.area).toMatch(/\((ICB:QHM|SICBL:[0-9A-Z]{3})\)$/);
    expect(saved).toEqual(same);
    expect(saved.code).toBe(3);
    expect(await run(['--user', 'bystander', '--to', '2020-06'])).toEqual({
      code: 0,
      out: 'bystander has saved no alerts\n',
    });
    await expect(run(['--user', 'nobody'])).rejects.toThrow(/--user nobody: no such user/);
    await expect(run(['--user', 'planner', '--behind', '3'])).rejects.toThrow(/--behind goes without --user/);
  });

  it('spo alerts lists the areas behind their share of the trajectory, as the projection shows them', async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await alertsCommand(['--db', file, '--to', '2020-06', '--json']);
    } finally {
      write.mockRestore();
    }
    const { alerts } = JSON.parse(out.join('')) as { alerts: { area: string; message: string }[] };
    console.info(alerts.map((a) => `${a.area}: ${a.message}`).join('\n'));
    // June 2020: two quarters of NHS Digital data, too few for a trend, so every area short of
    // its share of the 1,000 due by March 2021 (pro-rata for regions) is listed
    const rows = (await dataset('to=2020-06')).rows;
    const short = rows.filter((r) => typeof r.fte_needed_now === 'number' && r.fte_needed_now > 0);
    expect(short.some((r) => r.level === 'E')).toBe(true);
    expect(alerts.map((a) => a.area).sort()).toEqual(
      short.map((r) => `${r.name} (${r.level === 'E' ? 'England' : `${r.level}:${r.code}`})`).sort(),
    );
    expect(alerts.find((a) => a.area.endsWith('(England)'))?.message).toMatch(
      /FTE short of its share of the trajectory in 2020-06 .* against 1,000\.0\), and there is no trend to project/,
    );
    expect(code).toBe(alerts.length ? 3 : 0);
  });
});
