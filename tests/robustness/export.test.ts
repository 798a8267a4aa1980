import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../pipelines/db/database.ts';
import type { ExportManifest } from '../../pipelines/export/export-parquet.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';
import { spo } from './warehouse-state.ts';

/** spo export writes the published snapshot's marts as Hive-partitioned Parquet, read back by DuckDB. */
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-export-'));
  file = join(dir, 'w', 'warehouse.duckdb');
  const run = spo(['load', 'docs/examples', 'tests/fixtures/extracts', '--db', file]);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('spo export --format parquet', () => {
  it('writes every mart of the snapshot, partitioned, with row counts equal to the snapshot', async () => {
    const out = join(dir, 'export');
    const run = spo(['export', '--format', 'parquet', '--out', out, '--db', file, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(JSON.parse(run.stdout)).toEqual(manifest);
    const snapshot = (await currentSnapshot(file))!;
    expect(snapshot.endsWith(manifest.snapshot)).toBe(true);

    const db = await openDatabase(':memory:');
    try {
      await db.run(`attach '${snapshot}' as snap (read_only)`);
      const marts = await db.all<{ t: string }>(
        `select table_name as t from duckdb_tables() where database_name = 'snap' and schema_name = 'marts' order by 1`,
      );
      expect(manifest.tables.map((t) => t.name)).toEqual(marts.map((m) => m.t));
      for (const table of manifest.tables) {
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
      const referrals = manifest.tables.find((t) => t.name === 'referrals_monthly')!;
      expect(referrals.partitionedBy).toEqual(['financial_year', 'icb_code']);
      // The same totals from the Parquet as from the snapshot, by financial year.
      const fromParquet = await db.all(
        `select financial_year, sum(referrals)::BIGINT as n from read_parquet('${join(out, 'referrals_monthly', '**', '*.parquet')}', hive_partitioning = true) group by 1 order by 1`,
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
});
