import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../pipelines/db/database.ts';
import { currentSnapshot } from '../../pipelines/publish/publish.ts';

/**
 * Kills `spo load` with SIGKILL at each step of a load (inside a file's transaction, inside the
 * build, between writing a snapshot and switching to it) and shows that the warehouse opens, no
 * partial batch is visible, the last good snapshot is still published, and a re-run ends exactly
 * where a clean load does.
 */
let dir: string;
let firstDelivery: string;
let secondDelivery: string;

const spo = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/spo.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

async function counts(file: string) {
  const db = await openDatabase(file, { readOnly: true });
  try {
    const tables = ['referrals', 'support_offered', 'wellbeing_scores', 'workforce_local', 'workforce_nhsd'];
    const result: Record<string, number> = {};
    for (const t of tables) {
      result[t] = (await db.one<{ n: number }>(`select count(*) as n from raw.${t}`))!.n;
      // Every landed row belongs to a load that committed: no partial batch.
      const orphans = await db.one<{ n: number }>(
        `select count(*) as n from raw.${t} where load_id not in (select load_id from audit.loads where status in ('loaded', 'replaced'))`,
      );
      expect(orphans!.n, `rows of raw.${t} from a load that did not commit`).toBe(0);
    }
    return result;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-crash-'));
  firstDelivery = join(dir, 'first');
  secondDelivery = join(dir, 'second');
  await mkdir(firstDelivery);
  await cp('docs/examples/referrals.csv', join(firstDelivery, 'referrals_2024-04.csv'));
  await cp('docs/examples/workforce_local.csv', join(firstDelivery, 'workforce_local_2024-04.csv'));
  await cp(firstDelivery, secondDelivery, { recursive: true });
  await cp('docs/examples/support_offered.csv', join(secondDelivery, 'support_offered_2024-04.csv'));
  await cp('docs/examples/wellbeing_scores.csv', join(secondDelivery, 'wellbeing_scores_2024-04.csv'));
  await cp(
    'warehouse/reference/pcn_workforce/NHSD_PCN_workforce_individual_level_2020-03.csv',
    join(secondDelivery, 'NHSD_PCN_workforce_individual_level_2020-03.csv'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a load killed part-way', () => {
  let clean: Record<string, number>;

  beforeAll(async () => {
    const file = join(dir, 'clean', 'warehouse.duckdb');
    expect(spo(['load', secondDelivery, '--db', file]).status).toBe(0);
    clean = await counts(file);
    expect(clean.support_offered).toBe(4);
  });

  for (const point of ['landed', 'validated', 'replaced', 'landed:3', 'building', 'snapshot-written']) {
    it(`at ${point}: stays consistent, keeps the last good snapshot, and a re-run completes`, async () => {
      const file = join(dir, point.replace(':', '-'), 'warehouse.duckdb');
      expect(spo(['load', firstDelivery, '--db', file]).status).toBe(0);
      const before = await counts(file);
      const published = await currentSnapshot(file);
      expect(published).not.toBeNull();

      const killed = spo(['load', secondDelivery, '--db', file], { SPO_CRASH_AT: point });
      expect(killed.signal).toBe('SIGKILL');

      const after = await counts(file);
      expect(after.referrals).toBe(before.referrals);
      expect(await currentSnapshot(file)).toBe(published);
      const snapshot = await openDatabase(published!, { readOnly: true });
      expect((await snapshot.all('select * from marts._snapshot')).length).toBe(1);
      snapshot.close();

      const rerun = spo(['load', secondDelivery, '--db', file, '--json']);
      expect(rerun.status, rerun.stderr).toBe(0);
      const report = JSON.parse(rerun.stdout) as { files: { status: string }[]; snapshot: string };
      expect(report.files.every((f) => ['loaded', 'skipped'].includes(f.status))).toBe(true);
      expect(await counts(file)).toEqual(clean);
      expect(await currentSnapshot(file)).toBe(report.snapshot);
      expect(report.snapshot).not.toBe(published);
      expect(
        (await readFile(join(dir, point.replace(':', '-'), 'snapshots', 'CURRENT'), 'utf8')).trim(),
      ).toMatch(/^snapshot-.*\.duckdb$/);
    });
  }
});

describe('a new warehouse killed while it is being created', () => {
  it('is left with no layer at all (the migration is one transaction), and a re-run completes', async () => {
    const file = join(dir, 'migrating', 'warehouse.duckdb');
    const killed = spo(['load', secondDelivery, '--db', file], { SPO_CRASH_AT: 'migrating' });
    expect(killed.signal).toBe('SIGKILL');
    const db = await openDatabase(file, { readOnly: true });
    try {
      const layers = await db.all(
        `select schema_name from duckdb_schemas() where database_name = current_database()
           and schema_name in ('raw', 'audit', 'staging', 'intermediate', 'marts')`,
      );
      expect(layers).toEqual([]);
    } finally {
      db.close();
    }
    const rerun = spo(['load', secondDelivery, '--db', file]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect((await counts(file)).support_offered).toBe(4);
  });
});

describe('a build killed between deleting and re-inserting the keys it brings up to date', () => {
  it('leaves the previous models and build state, and the next run catches up', async () => {
    // a delivery of keyed extracts only (support and assessments for the referrals already
    // built), so the second build is incremental and reaches the crash point inside it
    const keyed = join(dir, 'keyed');
    await mkdir(keyed);
    await cp('docs/examples/support_offered.csv', join(keyed, 'support_offered_2024-04.csv'));
    await cp('docs/examples/wellbeing_scores.csv', join(keyed, 'wellbeing_scores_2024-04.csv'));
    const cleanFile = join(dir, 'keyed-clean', 'warehouse.duckdb');
    expect(spo(['load', firstDelivery, '--db', cleanFile]).status).toBe(0);
    expect(spo(['load', keyed, '--db', cleanFile]).status).toBe(0);

    const file = join(dir, 'keyed-killed', 'warehouse.duckdb');
    expect(spo(['load', firstDelivery, '--db', file]).status).toBe(0);
    const before = await models(file);
    const killed = spo(['load', keyed, '--db', file], { SPO_CRASH_AT: 'incremental' });
    expect(killed.signal).toBe('SIGKILL');
    // the loads committed, the build's transaction did not: the models and the watermark are the previous ones
    const afterCrash = await models(file);
    expect(afterCrash.lastLoad).toBeGreaterThan(before.lastLoad!);
    expect({ rows: afterCrash.rows, watermark: afterCrash.watermark }).toEqual({
      rows: before.rows,
      watermark: before.watermark,
    });

    const rerun = spo(['load', keyed, '--db', file, '--json']);
    expect(rerun.status, rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout) as { files: { status: string }[] };
    expect(report.files.map((f) => f.status)).toEqual(['skipped', 'skipped']);
    const caughtUp = await models(file);
    expect(caughtUp.rows).toEqual((await models(cleanFile)).rows);
    expect(caughtUp.watermark).toBe(caughtUp.lastLoad);
    expect(caughtUp.watermark).toBeGreaterThan(before.watermark!);
  }, 240_000);
});

/**
 * Every built model's rows (as sorted JSON; the data-quality marts, which list the loads and so
 * the re-run's skipped files, left out), the build watermark and the last load.
 */
async function models(file: string) {
  const db = await openDatabase(file, { readOnly: true });
  try {
    const tables = await db.all<{ t: string }>(
      `select table_schema || '.' || table_name as t from information_schema.tables
       where table_schema in ('staging', 'intermediate', 'marts') and table_type = 'BASE TABLE'
         and table_name not like 'dq\\_%' escape '\\' order by 1`,
    );
    const rows: Record<string, string[]> = {};
    for (const { t } of tables) {
      // load_id differs between two warehouses that loaded the same files in another order: left out
      const all = await db
        .all(`select * exclude (load_id) from ${t}`)
        .catch(() => db.all(`select * from ${t}`));
      rows[t] = all.map((r) => JSON.stringify(r)).sort();
    }
    const mark = await db.one<{ last_load_id: number }>(`select last_load_id from audit.build_watermark`);
    const last = await db.one<{ n: number }>(`select max(load_id) as n from audit.loads`);
    return { rows, watermark: mark?.last_load_id, lastLoad: last?.n };
  } finally {
    db.close();
  }
}
