/**
 * The capacity and overview pages' target figures come from the targets table: loading a local
 * target (docs/examples/targets_local.csv format) changes what the pages show. The pages' own
 * `load` functions run against a published snapshot of the model fixtures, the bundled reference
 * data and NHS Digital's workforce files (as tests/warehouse/models.test.ts builds them).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/extracts');
const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });

let dir: string;
let file: string;
let db: Database;

type Load = (event: { url: URL; locals: { scope: typeof admin } }) => Promise<Record<string, unknown>>;
const capacity = async (query: string) => {
  const { load } = (await import('../../src/routes/capacity/+page.server.ts')) as unknown as { load: Load };
  return load({ url: new URL(`http://localhost/capacity?${query}`), locals: { scope: admin } });
};
const overview = async (query: string) => {
  const { load } = (await import('../../src/routes/+page.server.ts')) as unknown as { load: Load };
  return load({ url: new URL(`http://localhost/?${query}`), locals: { scope: admin } });
};

/** Loads files, rebuilds, publishes, and waits until the server side reads the new snapshot. */
async function loadAndPublish(paths: string[]) {
  const reports = await loadPaths(paths, { db, runBy: 'capacity-targets.test' });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
  // the snapshot source looks for a new snapshot at most once a second
  await new Promise((r) => setTimeout(r, 1100));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-targets-'));
  file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'capacity-targets.test' });
  await loadAndPublish([FIXTURES, join(REFERENCE_DIR, 'pcn_workforce')]);
}, 120_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Target {
  value: number;
  basis: string;
  status: string;
  target: { target_id: string };
}

describe('capacity and overview targets', () => {
  it('judge England’s May 2024 link workers against the trajectory value for May 2024, not 1,000', async () => {
    const data = (await capacity('to=2024-05')) as { fteTarget: Target; trajectory: { month: string }[] };
    // 30 June 2023 → 31 May 2024 is 336 days of the 5,023 to 31 March 2037: 3,000 + 6,000 × 336 / 5,023
    expect(data.fteTarget.value).toBeCloseTo(3000 + (6000 * 336) / 5023, 6);
    expect(data.fteTarget).toMatchObject({ basis: 'england', status: 'trajectory' });
    // the charted line has a value for each month charted; NHS Digital's 2022-09 census is
    // measured against the past 2020/21 target (no trajectory had started)
    expect(data.trajectory.at(-1)!.month).toBe('2024-05-01');
  });

  it('change when a local target is loaded', async () => {
    const area = 'area=ICB:QHM&to=2024-05';
    const before = (await capacity(area)) as { fteTarget: Target; per50kTarget: Target; share: number };
    const home = (await overview(area)) as { fteTarget: Target };
    expect(before.per50kTarget).toMatchObject({ value: 1, basis: 'england', status: 'past' });
    expect(before.fteTarget.basis).toBe('england_pro_rata');
    expect(before.fteTarget.value).toBeCloseTo(before.share * (3000 + (6000 * 336) / 5023), 6);
    expect(home.fteTarget.value).toBeCloseTo(before.fteTarget.value, 6);

    // the documented example (1.5 FTE per 50,000 in QHM) and a local FTE target in the same format
    const fteFile = join(dir, 'targets_local_fte.csv');
    await writeFile(
      fteFile,
      'target_id,measure,area,value,comparison,due_date,is_trajectory,title,source\n' +
        'qhm_fte_2026,link_worker_fte,ICB:QHM,250,at_least,2026-03-31,false,"250 link-worker FTE in QHM by 2025/26",Local plan (test)\n',
    );
    await loadAndPublish([join(ROOT, 'docs/examples/targets_local.csv'), fteFile]);

    const after = (await capacity(area)) as { fteTarget: Target; per50kTarget: Target };
    expect(after.per50kTarget).toMatchObject({ value: 1.5, basis: 'area', status: 'due' });
    expect(after.fteTarget).toMatchObject({ value: 250, basis: 'area', status: 'due' });
    expect(after.fteTarget.target.target_id).toBe('qhm_fte_2026');
    expect(((await overview(area)) as { fteTarget: Target }).fteTarget).toMatchObject({
      value: 250,
      basis: 'area',
    });
    // England is unchanged
    expect(((await capacity('to=2024-05')) as { fteTarget: Target }).fteTarget.basis).toBe('england');
  });

  it('show one source per month, say how many PCNs reported, and do not count 0 FTE as a link worker', async () => {
    type Rows = { t: { workforce: { rows: Record<string, unknown>[] } } };
    // June 2024: U89141 returns 1.5 FTE, U07032 returns 0 (no link worker); QHM's other PCNs send nothing
    const june = join(dir, 'workforce_local_2024-06.csv');
    await writeFile(
      june,
      'pcn_code,month,staff_role,headcount,fte\n' +
        'U89141,2024-06,social_prescribing_link_worker,2,1.5\n' +
        'U07032,2024-06,social_prescribing_link_worker,0,0\n',
    );
    await loadAndPublish([june]);
    const rows = ((await capacity('area=ICB:QHM&to=2024-06')) as Rows).t.workforce.rows;
    const byMonth = new Map(rows.map((r) => [String(r.month).slice(0, 7), r]));
    // one row a month: NHS Digital's census for 2020–2022, the local returns from 2024
    expect(rows.length).toBe(byMonth.size);
    expect(byMonth.get('2022-09')?.source).toBe('nhsd');
    const last = byMonth.get('2024-06')!;
    expect(last).toMatchObject({
      source: 'local',
      headcount: 2,
      fte: 1.5,
      pcns_reporting: 2,
      pcns_with_link_worker: 1,
    });
    expect(Number(last.pcns_in_area)).toBeGreaterThan(2);
    // May 2024: U89141 alone reported (2 people, 1.5 FTE)
    expect(byMonth.get('2024-05')).toMatchObject({ source: 'local', headcount: 2, pcns_reporting: 1 });
  });
});
