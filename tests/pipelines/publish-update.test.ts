import { cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../pipelines/generate/generate.ts';
import { loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { currentSnapshot, publish, type PublishReport } from '../../pipelines/publish/publish.ts';
import { snapshotsDir } from '../../src/lib/config/paths.ts';
import { tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

/**
 * A publish after a monthly delivery copies the current snapshot and writes only what the builds
 * since changed into it (issue 17). Whatever it writes must equal the marts exactly: every table
 * of the new snapshot is compared with the warehouse's (EXCEPT ALL both ways, row counts and
 * columns), after a first publish, a delivery of a new month (by-month marts and marts rebuilt
 * whole) and a second delivery touching only old months. A snapshot it cannot trust as the base
 * (another warehouse's, one whose tables were changed) is not used.
 */
const FROM = '2024-04';
const MONTHS = 7;
const LAST = '2024-10';
let dir: string;
let w: TempWarehouse;
const reports: PublishReport[] = [];
const differences: string[][] = [];

/** The tables of the current snapshot that differ from the warehouse's marts. */
async function differFromMarts(): Promise<string[]> {
  const snapshot = (await currentSnapshot(w.file))!;
  await w.db.run(`attach '${snapshot}' as shown (read_only)`);
  try {
    const tables = await w.db.all<{ t: string }>(
      `select table_name as t from duckdb_tables() where database_name = current_database() and schema_name = 'marts'`,
    );
    const shown = await w.db.all<{ t: string }>(
      `select table_name as t from duckdb_tables() where database_name = 'shown' and schema_name = 'marts' and table_name <> '_snapshot'`,
    );
    const differ = shown.filter((s) => !tables.some((t) => t.t === s.t)).map((s) => `${s.t}: not a mart`);
    for (const { t } of tables) {
      const n = await w.db.one<{ a: number; b: number }>(
        `select (select count(*) from (select * from marts."${t}" except all select * from shown.marts."${t}"))::INTEGER as a,
                (select count(*) from (select * from shown.marts."${t}" except all select * from marts."${t}"))::INTEGER as b`,
      );
      if (n!.a || n!.b) differ.push(`${t}: ${n!.a} rows only in the mart, ${n!.b} only in the snapshot`);
    }
    return differ;
  } finally {
    await w.db.run('detach shown');
  }
}

async function deliver(paths: string[]) {
  await loadPaths(paths, w.effects);
  await build(w.db);
  reports.push(await publish(w.db, w.file));
  differences.push(await differFromMarts());
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-publish-'));
  const generated = join(dir, 'generated');
  await generate({ outDir: generated, referrals: 4_000, seed: 11, from: FROM, months: MONTHS, messy: false });
  for (const part of ['history', 'delivery', 'correction']) await mkdir(join(dir, part));
  for (const file of await readdir(generated)) {
    if (!/\.(csv|parquet)$/.test(file)) continue;
    const part = file.includes(`_${LAST}.`) ? 'delivery' : 'history';
    await cp(join(generated, file), join(dir, part, file));
  }
  // a correction of an old month, sent after the delivery: only that month's rows change
  await cp(join(generated, 'referrals_2024-06.csv'), join(dir, 'correction', 'referrals_2024-06_v2.csv'));
  w = await tempWarehouse();
  await deliver([join(dir, 'history')]);
  await deliver([join(dir, 'delivery')]);
  await deliver([join(dir, 'correction')]);
}, 600_000);

afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('publishing after a delivery', () => {
  it('writes every mart the first time, then brings a copy of the last snapshot up to date', () => {
    expect(reports.map((r) => r.mode)).toEqual(['copied', 'updated', 'updated']);
    expect(reports[0]!.reason).toBe('no snapshot yet');
  });

  it('leaves every table of the snapshot equal to the mart, each time', () => {
    expect(differences).toEqual([[], [], []]);
  });

  it('writes every mart afresh every so many publishes (a copy keeps the space of deleted rows)', async () => {
    // two updates in a row so far: a limit of 3 writes the next one afresh, then copies again
    const sizes = async () => (await stat((await currentSnapshot(w.file))!)).size;
    const updatedSize = await sizes();
    const afresh = await publish(w.db, w.file, { rewriteEvery: 3 });
    expect(afresh).toMatchObject({
      mode: 'copied',
      reason: 'the last 3 publishes updated a copy: written afresh every 3',
    });
    expect(await sizes()).toBeLessThanOrEqual(updatedSize);
    expect(await differFromMarts()).toEqual([]);
    expect((await publish(w.db, w.file, { rewriteEvery: 3 })).mode).toBe('updated');
  });

  it('does not take another warehouse’s snapshot as its base', async () => {
    const other = await tempWarehouse();
    try {
      await loadPaths([join(dir, 'delivery')], other.effects);
      await build(other.db);
      // this warehouse's snapshots put beside the other warehouse, as if it had written them
      await cp(snapshotsDir(w.file), snapshotsDir(other.file), { recursive: true });
      const report = await publish(other.db, other.file);
      expect(report).toMatchObject({ mode: 'copied', reason: 'the current snapshot is another warehouse’s' });
    } finally {
      await other.close();
    }
  });

  it('writes every mart afresh when the copy would not equal the marts', async () => {
    // rows deleted from a mart of the current snapshot behind the publisher's back
    const snapshot = (await currentSnapshot(w.file))!;
    await w.db.run(`attach '${snapshot}' as tampered`);
    await w.db.run(
      `delete from tampered.marts.areas where pcn_code in (select pcn_code from tampered.marts.areas limit 3)`,
    );
    await w.db.run('detach tampered');
    const report = await publish(w.db, w.file);
    expect(report.mode).toBe('copied');
    expect(report.reason).toMatch(/row counts differ from the marts: areas/);
    expect(await differFromMarts()).toEqual([]);
  });
});
