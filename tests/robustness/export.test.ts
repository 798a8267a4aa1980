import type { DatasetId } from '../../src/lib/server/catalogue.ts';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotsOf } from '../../src/lib/server/snapshot.ts';
import { openDatabase } from '../../pipelines/db/database.ts';
import type { ExportManifest } from '../../pipelines/export/manifest.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';
import { toCsv } from '../../src/lib/format/cells.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { spo } from './warehouse-state.ts';

/**
 * spo export: the datasets as the API releases them by default; the marts as they are (unrounded,
 * near person-level) only with --restricted, a warning, and a manifest that marks them.
 */
let dir: string;
let file: string;
const viewer = scopeFor({ name: 'test viewer', role: 'viewer', icbs: [] });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-export-'));
  file = join(dir, 'w', 'warehouse.duckdb');
  const run = spo(['load', 'docs/examples', 'tests/fixtures/extracts', '--db', file]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  snapshotsOf(file);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readManifest = async (out: string) =>
  JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as ExportManifest;

describe('spo export (default: disclosed datasets)', () => {
  it("writes each dataset the role may read, as Parquet with exactly the API's rows, and no mart", async () => {
    const out = join(dir, 'export');
    const run = spo(['export', '--out', out, '--db', file, '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const manifest = await readManifest(out);
    expect(JSON.parse(run.stdout)).toEqual(manifest);
    expect(manifest.restricted).toBe(false);
    expect(manifest.builtFor).toEqual({ role: 'viewer', detail: [] });
    expect(manifest.area).toBe('E');
    expect((await readdir(out)).sort()).toEqual(['datasets', 'manifest.json']);
    expect(manifest.tables.every((t) => !t.restricted && t.dataset === t.name)).toBe(true);
    const names = manifest.tables.map((t) => t.name);
    for (const mart of ['outcome_pairs', 'referrals_monthly']) expect(names).not.toContain(mart);
    expect(names).toContain('outcomes');
    // admin-only datasets and breakdowns a viewer may not see are listed as skipped, with why
    expect(manifest.skipped).toContainEqual({ dataset: 'dq-rejects', reason: 'for administrators only' });
    expect(manifest.skipped.map((s) => s.dataset)).toContain('capacity-by-pcn');

    const db = await openDatabase(':memory:');
    try {
      for (const t of manifest.tables) {
        const api = await runDataset(t.name as DatasetId, parseFilters(new URLSearchParams(t.query)), viewer);
        const rows = await db.all<Record<string, unknown>>(
          `select * from read_parquet('${join(out, t.path)}')`,
        );
        expect(rows.length, t.name).toBe(api.rows.length);
        expect(t.rows).toBe(api.rows.length);
        rows.forEach((r, i) => {
          for (const c of api.columns) {
            const want = api.rows[i][c.key] ?? null;
            const got = typeof r[c.key] === 'bigint' ? Number(r[c.key]) : r[c.key];
            if (c.kind === 'count' && got !== null)
              expect(got as number, `${t.name} ${c.key}`).toSatisfy(
                (v: number) => v % 5 === 0 && !(v >= 1 && v <= 7),
              );
            expect(
              typeof want === 'number' || want === null ? got : String(got),
              `${t.name}[${i}].${c.key}`,
            ).toEqual(typeof want === 'number' || want === null ? want : String(want));
          }
        });
      }
    } finally {
      db.close();
    }
  });

  it("--format csv writes the API's CSV for each dataset", async () => {
    const out = join(dir, 'export-csv');
    const run = spo(['export', '--format', 'csv', '--out', out, '--db', file, '--area', 'ICB:QHM']);
    expect(run.status, run.stderr).toBe(0);
    const manifest = await readManifest(out);
    expect(manifest.area).toBe('ICB:QHM');
    const outcomes = manifest.tables.find((t) => t.name === 'outcomes')!;
    const api = await runDataset('outcomes', parseFilters(new URLSearchParams('area=ICB:QHM')), viewer);
    expect(await readFile(join(out, outcomes.path), 'utf8')).toBe(toCsv(api.columns, api.rows));
  });
});

describe('spo export --restricted', () => {
  it('also writes every mart of the snapshot, partitioned, row counts equal, marked restricted, with a warning', async () => {
    const out = join(dir, 'export-restricted');
    const run = spo(['export', '--format', 'parquet', '--out', out, '--db', file, '--restricted', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: --restricted writes the marts .* not disclosure-controlled/);
    const manifest = await readManifest(out);
    expect(manifest.restricted).toBe(true);
    const restricted = manifest.tables.filter((t) => t.restricted);
    expect(manifest.tables.filter((t) => !t.restricted).length).toBeGreaterThan(10);
    for (const t of restricted) {
      expect(t.path.startsWith('restricted/')).toBe(true);
      expect(t.holds).toMatch(/Restricted: .*unrounded/);
    }
    expect(restricted.find((t) => t.name === 'referrals_monthly')!.holds).toMatch(
      /^Referrals per referral month × PCN/,
    );
    const snapshot = (await currentSnapshot(file))!;
    expect(snapshot.endsWith(manifest.snapshot)).toBe(true);

    const db = await openDatabase(':memory:');
    try {
      await db.run(`attach '${snapshot}' as snap (read_only)`);
      const marts = await db.all<{ t: string }>(
        `select table_name as t from duckdb_tables() where database_name = 'snap' and schema_name = 'marts' order by 1`,
      );
      expect(restricted.map((t) => t.name)).toEqual(marts.map((m) => m.t));
      for (const table of restricted) {
        const inSnapshot = (await db.one<{ n: number }>(
          `select count(*) as n from snap.marts."${table.name}"`,
        ))!.n;
        const glob = join(out, table.path, '**', '*.parquet');
        const read = await db.all<Record<string, unknown>>(
          `select * from read_parquet('${glob}', hive_partitioning = true)`,
        );
        expect(read.length, table.name).toBe(inSnapshot);
        expect(table.rows).toBe(inSnapshot);
        // Every column the manifest lists is there, partition columns included.
        const described = await db.all<{ column_name: string }>(
          `describe select * from read_parquet('${glob}', hive_partitioning = true)`,
        );
        expect(described.map((d) => d.column_name).sort()).toEqual(table.columns.map((c) => c.name).sort());
      }
      const referrals = restricted.find((t) => t.name === 'referrals_monthly')!;
      expect(referrals.partitionedBy).toEqual(['financial_year', 'icb_code']);
      // The same totals from the Parquet as from the snapshot, by financial year.
      const fromParquet = await db.all(
        `select financial_year, sum(referrals)::BIGINT as n from read_parquet('${join(out, referrals.path, '**', '*.parquet')}', hive_partitioning = true) group by 1 order by 1`,
      );
      const fromSnapshot = await db.all(
        `select (year(month) - (month(month) < 4)::INTEGER)::VARCHAR || '-' || lpad(((year(month) - (month(month) < 4)::INTEGER + 1) % 100)::VARCHAR, 2, '0') as financial_year,
           sum(referrals)::BIGINT as n from snap.marts.referrals_monthly group by 1 order by 1`,
      );
      expect(fromParquet).toEqual(fromSnapshot);
    } finally {
      db.close();
    }
  });
});

describe('spo export, safely', () => {
  it('refuses to overwrite an export unless asked, and replaces it whole with --replace', async () => {
    const out = join(dir, 'export-twice');
    expect(spo(['export', '--out', out, '--db', file]).status).toBe(0);
    const again = spo(['export', '--out', out, '--db', file]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists and is not empty: choose a new folder, or add --replace/);
    expect(spo(['export', '--out', out, '--db', file, '--replace']).status).toBe(0);
  });

  it('says so when nothing is published yet', () => {
    const run = spo(['export', '--out', join(dir, 'none'), '--db', join(dir, 'empty', 'warehouse.duckdb')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nothing is published .* yet: run spo load/);
  });

  it('names a bad area or format', () => {
    const area = spo(['export', '--out', join(dir, 'x'), '--db', file, '--area', 'ICB']);
    expect(area.status).toBe(2);
    expect(area.stderr).toMatch(/--area ICB: area must be E, REGION:<code>/);
    const format = spo(['export', '--out', join(dir, 'x'), '--db', file, '--format', 'xlsx']);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/--format xlsx is not offered: parquet or csv/);
  });
});
