import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../pipelines/generate/generate.ts';
import { spo, spoKilled, warehouseState, type WarehouseState } from './warehouse-state.ts';

/**
 * Crash-safety soak: `spo load` killed with SIGKILL at random moments, over and over, on generated
 * national extracts delivered in several rounds. tests/pipelines/crash-safety.test.ts kills once
 * at each fault-injection point on the documented examples; this test kills at random times
 * (landing, validating, building, publishing) and at those points in random order, many times
 * on the same warehouse, and checks after every kill that the warehouse opens, no partial batch is
 * visible, the published snapshot opens and is a complete one, and in the end that the warehouse
 * and its snapshot hold exactly what one clean load of the same files gives.
 *
 * Each round is one more month of deliveries; a round is killed up to KILLS_PER_ROUND times (a
 * timer drawn over the time the last round took, then a fault-injection point, alternately) and
 * then re-run to completion. In npm test: 1,500 referrals over 12 months, 2 kills a month (24).
 * SPO_SOAK=1: 50,000 referrals over 24 months, 4 kills a month (96); SPO_SOAK_REFERRALS and
 * SPO_SOAK_KILLS_PER_ROUND override.
 */
const SOAK = process.env.SPO_SOAK === '1';
const REFERRALS = Number(process.env.SPO_SOAK_REFERRALS ?? (SOAK ? 50_000 : 1_500));
const MONTHS = SOAK ? 24 : 12;
const ROUNDS = MONTHS;
const KILLS_PER_ROUND = Number(process.env.SPO_SOAK_KILLS_PER_ROUND ?? (SOAK ? 4 : 2));
const KILLS = ROUNDS * KILLS_PER_ROUND;
const POINTS = ['landed:1', 'building', 'validated:2', 'snapshot-written', 'replaced:1', 'landed:3'];

let dir: string;
let rounds: string[];
let clean: WarehouseState;
let cleanMs: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-soak-'));
  const all = join(dir, 'generated');
  await generate({ outDir: all, referrals: REFERRALS, seed: 11, months: MONTHS, messy: true });
  // Deliveries arrive month by month: round r holds every file up to its last month, as a
  // supplier's drop folder does (files already loaded are skipped by their bytes).
  const files = (await readdir(all)).filter((f) => /\.(csv|parquet|gz)$/.test(f)).sort();
  const monthOf = (f: string) => /(\d{4}-\d{2})/.exec(f)?.[1] ?? '0000-00';
  const months = [...new Set(files.map(monthOf))].sort();
  rounds = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const last = months[Math.ceil((months.length * r) / ROUNDS) - 1];
    const round = join(dir, `round-${r}`);
    await mkdir(round);
    for (const f of files.filter((f) => monthOf(f) <= last)) await copyFile(join(all, f), join(round, f));
    rounds.push(round);
  }
  const started = Date.now();
  const run = spo(['load', rounds.at(-1)!, '--db', join(dir, 'clean', 'warehouse.duckdb')]);
  cleanMs = Date.now() - started;
  expect(run.status, run.stderr).toBe(0);
  clean = await warehouseState(join(dir, 'clean', 'warehouse.duckdb'));
}, 600_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('spo load killed at random moments, again and again', () => {
  it(
    `stays consistent after each of ${KILLS} kills and ends exactly where a clean load does`,
    async () => {
      const file = join(dir, 'soak', 'warehouse.duckdb');
      const kills: { round: number; how: string; committed: number; atMs: number }[] = [];
      const committedLoads = (s: WarehouseState | null) =>
        s ? (s.loads.loaded ?? 0) + (s.loads.replaced ?? 0) + (s.loads.superseded ?? 0) : 0;
      const roundLoads: number[] = [];
      let state: WarehouseState | null = null;
      let k = 0;
      // How long a round's completing run takes: the timers are drawn over it. The shortest of
      // the last three, so one run slowed by a busy machine does not push the timers past the end
      // of the next load (a timer that fires after the load has finished kills nothing).
      const completed: number[] = [];
      const roundMsNow = () => (completed.length ? Math.min(...completed.slice(-3)) : cleanMs / 2);
      for (const [r, round] of rounds.entries()) {
        for (let attempt = 0; attempt < KILLS_PER_ROUND; attempt++) {
          const point = attempt % 2 === 1 ? POINTS[k++ % POINTS.length] : null;
          const killAfterMs = point ? undefined : 200 + Math.floor(Math.random() * 0.5 * roundMsNow());
          const run = await spoKilled(['load', round, '--db', file], {
            killAfterMs,
            env: point ? { SPO_CRASH_AT: point } : {},
          });
          const published = state?.snapshot?.name ?? null;
          if (run.signal !== 'SIGKILL') {
            // Finished before the timer (or the point was not reached): the round is loaded.
            expect(run.code, run.stderr).toBe(0);
            completed.push(Math.max(1000, run.ms));
            await warehouseState(file);
            break;
          }
          // Killed before DuckDB had created the file: there is nothing to be inconsistent yet.
          if (!existsSync(file)) {
            expect(published, 'a warehouse that had published cannot vanish').toBeNull();
            kills.push({ round: r, how: point ?? `timer ${killAfterMs} ms`, committed: 0, atMs: run.ms });
            continue;
          }
          state = await warehouseState(file);
          // The pointer moves only to a complete snapshot: the old one, or a new one whose
          // publish finished renaming before the kill.
          if (published && state.snapshot?.name !== published) {
            expect(state.snapshot, 'a published snapshot never disappears').not.toBeNull();
          }
          kills.push({
            round: r,
            how: point ?? `timer ${killAfterMs} ms`,
            committed: committedLoads(state),
            atMs: run.ms,
          });
        }
        // The re-run after the last kill completes the round.
        const started = Date.now();
        const rerun = spo(['load', round, '--db', file, '--json']);
        completed.push(Math.max(1000, Date.now() - started));
        expect(rerun.status, rerun.stderr).toBe(0);
        state = await warehouseState(file);
        expect(state.snapshot?.lastLoadId).toBe(state.lastLoadId);
        roundLoads.push(committedLoads(state));
      }

      // Where the kills landed: while files were loading, or after every file had committed
      // (building the models and publishing).
      const phase = (c: { round: number; committed: number }) =>
        c.committed < roundLoads[c.round] ? 'landing/validating' : 'building/publishing';
      const summary: Record<string, number> = {};
      for (const c of kills) {
        const key = `${c.how.startsWith('timer') ? 'timer' : c.how.split(':')[0]} → ${phase(c)}`;
        summary[key] = (summary[key] ?? 0) + 1;
      }
      console.info(`crash soak: ${kills.length} kills (clean load ${cleanMs} ms)`, summary);

      // Nothing lost, nothing doubled.
      expect(state!.raw).toEqual(clean.raw);
      expect(state!.loads).toEqual(clean.loads);
      expect(state!.snapshot!.marts).toEqual(clean.snapshot!.marts);

      expect(kills.length).toBeGreaterThanOrEqual(Math.min(KILLS - 4, 20));
      expect(kills.some((c) => phase(c) === 'landing/validating')).toBe(true);
      expect(kills.some((c) => phase(c) === 'building/publishing')).toBe(true);
    },
    SOAK ? 4 * 3_600_000 : 480_000,
  );
});
