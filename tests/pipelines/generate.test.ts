import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { generate, type GeneratedFile } from '../../pipelines/generate/generate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import type { FileReport } from '../../pipelines/load/load-file.ts';
import { folderHashes } from './folder-hashes.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-generate-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generate: determinism', () => {
  it('gives identical files for the same seed and different files for another', async () => {
    const small = { referrals: 3000, months: 3, from: '2024-01' };
    await generate({ ...small, outDir: join(dir, 'a'), seed: 7 });
    await generate({ ...small, outDir: join(dir, 'b'), seed: 7 });
    await generate({ ...small, outDir: join(dir, 'c'), seed: 8 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => folderHashes(join(dir, d))));
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(b).toEqual(a);
    expect(Object.keys(c)).toEqual(Object.keys(a));
    const same = Object.keys(a).filter((f) => f !== 'manifest.json' && a[f] === c[f]);
    expect(same).toEqual([]);
  });
});

describe('generate: a small national run through the loader', () => {
  let db: Database;
  let files: GeneratedFile[];
  let reports: FileReport[];
  const out = () => join(dir, 'national');

  beforeAll(async () => {
    const progress: number[] = [];
    ({ files } = await generate(
      { outDir: out(), referrals: 20_000, months: 6, from: '2024-01', seed: 3 },
      { progress: (done) => progress.push(done) },
    ));
    expect(progress.at(-1)).toBe(files.length);
    db = await openDatabase(join(dir, 'warehouse.duckdb'));
    await migrate(db);
    const effects = { db, runBy: 'test' };
    await loadBundledReference(effects);
    reports = await loadPaths([out()], effects);
  });
  afterAll(() => db?.close());

  it('writes a manifest listing every file in load order', async () => {
    const manifest = JSON.parse(await readFile(join(out(), 'manifest.json'), 'utf8'));
    expect(manifest.files).toEqual(files);
    expect(reports.map((r) => r.file)).toEqual(files.map((f) => f.file));
    const names = files.map((f) => f.file);
    expect(names).toContain('referrals_2024-03_v2.csv');
    expect(names).toContain('workforce_local_2024-01_2024-06.csv');
    expect(names.some((n) => n.endsWith('.parquet'))).toBe(true);
    expect(files.filter((f) => f.expectedStatus === 'skipped').length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.expectedStatus === 'replaced').length).toBe(1);
  });

  it('loads every file with exactly the status and rejects the manifest expects', () => {
    for (const [i, f] of files.entries()) {
      const r = reports[i];
      expect({ file: r.file, status: r.status, extract: r.extract }).toEqual({
        file: f.file,
        status: f.expectedStatus,
        extract: f.extract,
      });
      expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsRejected);
      expect(r.rowsRejected).toBe(f.expectedRejects);
      if (f.expectedStatus !== 'skipped') {
        expect(r.rowsRead).toBe(f.rows);
        if (f.rows >= 1000) expect(f.expectedRejects).toBeGreaterThan(0);
      }
    }
  });

  const one = async (sql: string) => (await db.one<Record<string, number>>(sql))!;

  it('has realistic shares of routes, declines, sex and follow-ups', async () => {
    const r = await one(`
      select avg((referral_route in ('gp', 'other_primary_care', 'secondary_care'))::INTEGER) as medical,
        avg((referral_route = 'gp')::INTEGER) as gp,
        avg((snomed_code = '871711000000103')::INTEGER) as declined,
        avg((sex = 'female')::INTEGER) as female,
        avg((ethnic_group not in ('white', 'not_stated'))::INTEGER) as minority
      from raw.referrals`);
    expect(r.medical).toBeGreaterThan(0.72);
    expect(r.medical).toBeLessThan(0.85);
    expect(r.gp).toBeGreaterThan(0.5);
    expect(r.declined).toBeGreaterThan(0.1);
    expect(r.declined).toBeLessThan(0.22);
    expect(r.female).toBeGreaterThan(0.55);
    expect(r.female).toBeLessThan(0.65);
    expect(r.minority).toBeGreaterThan(0.15);
    expect(r.minority).toBeLessThan(0.3);
    const s = await one(`
      select count(distinct referral_id) filter (where assessment_stage = 'follow_up')
          / (select count(*) from raw.referrals where first_contact_date is not null) as paired,
        count(distinct referral_id) filter (where assessment_stage = 'baseline')
          / (select count(*) from raw.referrals where first_contact_date is not null) as baseline
      from raw.wellbeing_scores`);
    expect(s.baseline).toBeGreaterThan(0.6);
    expect(s.baseline).toBeLessThan(0.8);
    expect(s.paired).toBeGreaterThan(0.1);
    expect(s.paired).toBeLessThan(0.35);
    const a = await one(`
      with early as (select referral_id from raw.referrals where referral_date < DATE '2024-03-01')
      select count(distinct referral_id) filter (where referral_id in (select referral_id from early))
          / (select count(*) from early) as supported,
        avg(taken_up::INTEGER) as taken_up,
        avg((provider_type = 'voluntary_community')::INTEGER) as voluntary
      from raw.support_offered`);
    expect(a.supported).toBeGreaterThan(0.25);
    expect(a.supported).toBeLessThan(0.45);
    expect(a.taken_up).toBeGreaterThan(0.62);
    expect(a.taken_up).toBeLessThan(0.78);
    expect(a.voluntary).toBeGreaterThan(0.6);
  });

  it('puts SWEMWBS around 19-20 at baseline and about 23 at follow-up', async () => {
    const rows = await db.all<{ stage: string; metric: number; n: number }>(`
      select assessment_stage as stage, avg(c.metric_score) as metric, count(*) as n
      from raw.wellbeing_scores w
      join raw.ref_swemwbs c on c.raw_score = w.item_01 + w.item_02 + w.item_03 + w.item_04 + w.item_05 + w.item_06 + w.item_07
      where instrument = 'SWEMWBS' group by all`);
    const by = Object.fromEntries(rows.map((r) => [r.stage, r.metric]));
    expect(by.baseline).toBeGreaterThan(18.5);
    expect(by.baseline).toBeLessThan(20.8);
    expect(by.follow_up).toBeGreaterThan(22);
    expect(by.follow_up).toBeLessThan(24.5);
    const ucla = await one(`
      select avg((item_01 + item_02 + item_03 >= 6)::INTEGER) filter (where assessment_stage = 'baseline') as lonely_baseline,
        avg((item_01 + item_02 + item_03 >= 6)::INTEGER) filter (where assessment_stage = 'follow_up') as lonely_follow_up
      from raw.wellbeing_scores where instrument = 'UCLA3'`);
    expect(ucla.lonely_baseline).toBeGreaterThan(0.4);
    expect(ucla.lonely_baseline).toBeLessThan(0.65);
    expect(ucla.lonely_follow_up).toBeLessThan(ucla.lonely_baseline - 0.1);
  });

  it('spreads referrals over real practices and deprived LSOAs, with about 2.2 link-worker FTE per PCN', async () => {
    const g = await one(`
      select count(distinct gp_practice_code) as practices,
        avg((i.imd_decile <= 3)::INTEGER) as deprived
      from raw.referrals r left join raw.ref_imd i using (lsoa_code)`);
    expect(g.practices).toBeGreaterThan(3000);
    expect(g.deprived).toBeGreaterThan(0.35);
    const w = await one(`
      select sum(fte) / count(distinct pcn_code) as fte_per_pcn from raw.workforce_local
      where staff_role = 'social_prescribing_link_worker' and month = DATE '2024-06-01'`);
    expect(w.fte_per_pcn).toBeGreaterThan(1.8);
    expect(w.fte_per_pcn).toBeLessThan(2.8);
  });
});
