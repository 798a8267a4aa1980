import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { loadFile, type FileReport } from '../../pipelines/load/load-file.ts';
import type { BadCase } from '../fixtures/bad/make-bad-extracts.ts';
import { tempWarehouse, type TempWarehouse } from '../pipelines/temp-warehouse.ts';

/**
 * Loads each file of the bad-extract corpus (tests/fixtures/bad/, made by make-bad-extracts.ts)
 * into a fresh copy of a warehouse holding the reference data, and checks what the manifest says:
 * no crash, rows read = rows loaded + rows rejected, the status and counts, a message naming the
 * file, the line where there is one, and the fix; and a refused file leaves the warehouse as it was
 * but for the one rejected-load record.
 */
const BAD = 'tests/fixtures/bad';
const cases = JSON.parse(await readFile(join(BAD, 'expected.json'), 'utf8')) as BadCase[];

let template: TempWarehouse;
let scratch: string;

beforeAll(async () => {
  template = await tempWarehouse();
  await template.db.run('checkpoint');
  template.db.close();
  scratch = await mkdtemp(join(tmpdir(), 'spo-bad-'));
});

afterAll(async () => {
  await rm(template.dir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

/** Row counts of every raw table, the audit of loads and the rejected rows. */
async function state(db: Database) {
  const tables = await db.all<{ t: string }>(
    `select schema_name || '.' || table_name as t from duckdb_tables()
     where database_name = current_database() and schema_name in ('raw', 'audit') order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { t } of tables) {
    counts[t] = (await db.one<{ n: number }>(`select count(*) as n from ${t}`))!.n;
  }
  return counts;
}

/** The report as one text: the error of a refused file, else the outcome and each rejected row. */
async function summary(db: Database, report: FileReport): Promise<string> {
  if (report.status === 'rejected') return report.error ?? '';
  const head = `${report.file}: ${report.status} ${report.rowsLoaded} of ${report.rowsRead} rows`;
  if (!report.loadId || report.status === 'skipped') return head;
  const rows = await db.all<{ file_name: string; line: number | null; column_name: string; reason: string }>(
    `select file_name, line, column_name, reason from audit.rejected_rows where load_id = ? order by line`,
    [report.loadId],
  );
  return [head, ...rows.map((r) => `${r.file_name}:${r.line} ${r.column_name}: ${r.reason}`)].join('\n');
}

async function openCase(c: BadCase): Promise<{ db: Database; file: string }> {
  const file = join(scratch, `${c.name}.duckdb`);
  await copyFile(template.file, file);
  return { db: await openDatabase(file), file };
}

it('has at least 40 cases, each with its files', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
});

describe.each(cases)('$name', (c) => {
  it(`${c.what}: ${c.expected.status}, ${c.expected.rowsLoaded} of ${c.expected.rowsRead} rows`, async () => {
    const { db } = await openCase(c);
    try {
      const effects = { db, runBy: 'bad-extracts test' };
      for (const earlier of c.before ?? []) {
        expect((await loadFile(join(BAD, c.name, earlier), effects)).status).toBe('loaded');
      }
      const before = await state(db);
      const report = await loadFile(join(BAD, c.name, c.file), effects);
      const text = await summary(db, report);

      expect(report.rowsRead, text).toBe(report.rowsLoaded + report.rowsRejected);
      expect(
        {
          status: report.status,
          rowsRead: report.rowsRead,
          rowsLoaded: report.rowsLoaded,
          rowsRejected: report.rowsRejected,
        },
        text,
      ).toEqual({
        status: c.expected.status,
        rowsRead: c.expected.rowsRead,
        rowsLoaded: c.expected.rowsLoaded,
        rowsRejected: c.expected.rowsRejected,
      });
      expect(text).toMatch(new RegExp(c.expected.message));
      if (c.expected.extract !== undefined) expect(report.extract).toBe(c.expected.extract);

      if (report.status === 'rejected') {
        // Names the file; says what to do.
        expect(report.error!.startsWith(`${c.file}: `)).toBe(true);
        expect(report.error).toMatch(/send|see docs|save|remove|check|quote|write|choose/i);
      }
      if (report.status === 'loaded' || report.status === 'replaced') {
        // Every rejected row names the file, its line and a reason.
        const rejects = await db.all<{ file_name: string; line: number | null; reason: string }>(
          `select file_name, line, reason from audit.rejected_rows where load_id = ?`,
          [report.loadId!],
        );
        // One row may fail several checks: it is one rejected row, with a record per failure.
        expect(new Set(rejects.map((r) => r.line)).size).toBe(report.rowsRejected);
        for (const r of rejects) {
          expect(r.file_name).toBe(c.file);
          expect(r.line).toBeGreaterThan(1);
          expect(r.reason.length).toBeGreaterThan(10);
        }
      }
      if (c.refusedWhole) {
        expect(report.status).toBe('rejected');
        const after = await state(db);
        expect(after['audit.loads']).toBe(before['audit.loads'] + 1);
        const rejectedRows = await db.one<{ n: number }>(
          `select count(*) as n from audit.rejected_rows where load_id = ?`,
          [report.loadId!],
        );
        expect(after['audit.rejected_rows']).toBe(before['audit.rejected_rows'] + rejectedRows!.n);
        const untouched = (s: Record<string, number>) =>
          Object.fromEntries(
            Object.entries(s).filter(([t]) => !['audit.loads', 'audit.rejected_rows'].includes(t)),
          );
        expect(untouched(after)).toEqual(untouched(before));
        const record = await db.one<{ status: string; rows_loaded: number }>(
          `select status, rows_loaded from audit.loads where load_id = ?`,
          [report.loadId!],
        );
        expect(record).toEqual({ status: 'rejected', rows_loaded: 0 });
      }
      if (c.check) expect((await db.one<{ v: unknown }>(c.check.sql))?.v).toEqual(c.check.equals);
    } finally {
      db.close();
    }
  });
});

describe('a spreadsheet formula in a rejected value', () => {
  it('is neutralised by spo rejects --csv', async () => {
    const c = cases.find((x) => x.name === 'csv-injection-rejected')!;
    const { db, file } = await openCase(c);
    try {
      await loadFile(join(BAD, c.name, c.file), { db, runBy: 'test' });
    } finally {
      db.close();
    }
    const run = spawnSync(process.execPath, ['bin/spo.js', 'rejects', '--csv', '--db', file], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const line = run.stdout.split('\n').find((l) => /hyperlink/i.test(l));
    expect(line, run.stdout).toMatch(/"'=hyperlink\(""http:\/\/x"",""click""\)"/i);
    // No cell of the CSV starts with a formula character.
    expect(run.stdout).not.toMatch(/(^|,)"?[=+@]/m);
  });
});
