import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../pipelines/load/load-file.ts';
import { rowCount, tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

// The header, in its order: the contract must recognise exactly this.
const HEADER =
  'person_pseudonym,practice_code,cohort,index_date,month,gp_appointments,ae_attendances,emergency_admissions,match_id';
const row = (overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    person_pseudonym: 'P1',
    practice_code: 'A81001',
    cohort: 'referred',
    index_date: '2024-04-02',
    month: '2024-03',
    gp_appointments: '2',
    ae_attendances: '0',
    emergency_admissions: '0',
    match_id: 'M1',
    ...overrides,
  };
  return HEADER.split(',')
    .map((c) => base[c])
    .join(',');
};

let w: TempWarehouse;
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => {
  await w.close();
});

async function write(name: string, lines: string[]): Promise<string> {
  const path = join(w.dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('gp_activity extract', () => {
  it('is recognised from its header and rejects each bad row with its line, column and reason', async () => {
    const path = await write('gp_activity_2024-04.csv', [
      HEADER,
      row(), // 2: good
      row({ month: '2024-05', cohort: 'Comparison', person_pseudonym: 'C1' }), // 3: mixed-case cohort, good
      row({ month: '2025-05' }), // 4: 13 months after the index month
      row({ month: '2024-04', gp_appointments: '-1' }), // 5: negative count
      row({ month: '2024-06', ae_attendances: 'two' }), // 6: not a number
      row({ month: '2024-07', cohort: 'control' }), // 7: not a cohort
      row({ month: '2024-08', practice_code: 'Z99999' }), // 8: unknown practice
      row(), // 9: duplicate of line 2
      row({ month: '2024-13' }), // 10: not a month
    ]);
    const report = await loadFile(path, w.effects);
    expect(report).toMatchObject({ status: 'loaded', extract: 'gp_activity', rowsRead: 9, rowsLoaded: 2 });
    const rejects = await w.db.all<{ line: number; column_name: string; reason: string }>(
      `select line, column_name, reason from audit.rejected_rows where load_id = ? order by line`,
      [report.loadId!],
    );
    expect(rejects.map((r) => [r.line, r.column_name])).toEqual([
      [4, 'month'],
      [5, 'gp_appointments'],
      [6, 'ae_attendances'],
      [7, 'cohort'],
      [8, 'practice_code'],
      [9, 'person_pseudonym, cohort, match_id, month'],
      [10, 'month'],
    ]);
    const reasons = Object.fromEntries(rejects.map((r) => [r.line, r.reason]));
    expect(reasons[4]).toMatch(/within 12 months of the index month/);
    expect(reasons[7]).toMatch(/must be one of: referred, comparison/);
    expect(reasons[9]).toMatch(/duplicate of the row on line 2/);
    const cohorts = await w.db.all<{ cohort: string }>(`select cohort from raw.gp_activity order by month`);
    expect(cohorts.map((c) => c.cohort)).toEqual(['referred', 'comparison']);
  });

  it('skips the same file sent again, and a correction for the same index months replaces it', async () => {
    const first = await write('gp_activity_2024-04.csv', [
      HEADER,
      row(),
      row({ month: '2024-05' }),
      row({ month: '2024-06' }),
    ]);
    const a = await loadFile(first, w.effects);
    expect(a).toMatchObject({ status: 'loaded', period: '2024-04' });
    expect((await loadFile(first, w.effects)).status).toBe('skipped');
    const correction = await write('gp_activity_2024-04_v2.csv', [HEADER, row({ gp_appointments: '5' })]);
    const b = await loadFile(correction, w.effects);
    expect(b).toMatchObject({ status: 'replaced', period: '2024-04', replacedLoadId: a.loadId });
    expect(await rowCount(w.db, 'raw.gp_activity')).toBe(1);
    expect(await rowCount(w.db, 'raw.gp_activity', 'gp_appointments = 5')).toBe(1);
  });

  it('refuses a file carrying an NHS number in the pseudonym column', async () => {
    const path = await write('gp_activity_2024-04.csv', [HEADER, row({ person_pseudonym: '9434765919' })]);
    const report = await loadFile(path, w.effects);
    expect(report.status).toBe('rejected');
    expect(await rowCount(w.db, 'raw.gp_activity')).toBe(0);
  });
});
