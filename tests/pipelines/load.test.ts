import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFile } from '../../pipelines/load/load-file.ts';
import { loadPaths } from '../../pipelines/load/load-paths.ts';
import { rowCount, tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

const EXAMPLES = 'docs/examples';
const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
const row = (id: string, overrides: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    referral_id: id,
    person_pseudonym: `P${id}`,
    gp_practice_code: 'A81001',
    referral_date: '2024-04-02',
    referral_route: 'gp',
    referral_reasons: 'mental_wellbeing',
    snomed_code: '871731000000106',
    first_contact_date: '2024-04-10',
    care_plan_agreed: 'true',
    episode_end_date: '',
    episode_outcome: '',
    contact_count: '3',
    age_band: '45-54',
    sex: 'female',
    ethnic_group: 'white',
    lsoa_code: 'E01012020',
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

describe('loading the documented examples', () => {
  it('recognises every example from its header and loads it with no rejects', async () => {
    const reports = await loadPaths([EXAMPLES], w.effects);
    expect(Object.fromEntries(reports.map((r) => [r.file, [r.extract, r.status, r.rowsRejected]]))).toEqual({
      'referrals.csv': ['referrals', 'loaded', 0],
      'support_offered.csv': ['support_offered', 'loaded', 0],
      'wellbeing_scores.csv': ['wellbeing_scores', 'loaded', 0],
      'workforce_local.csv': ['workforce_local', 'loaded', 0],
      'targets_local.csv': ['targets', 'loaded', 0],
      'NHSD_PCN_workforce_individual_level_example.csv': ['workforce_nhsd', 'loaded', 0],
      'gp_activity.csv': ['gp_activity', 'loaded', 0],
    });
    for (const r of reports) expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsRejected);
    expect(await rowCount(w.db, 'raw.referrals')).toBe(4);
  });

  it('skips the same files the second time and writes nothing', async () => {
    await loadPaths([EXAMPLES], w.effects);
    const loads = await rowCount(w.db, 'audit.loads');
    const again = await loadPaths([EXAMPLES], w.effects);
    expect(again.map((r) => r.status)).toEqual(again.map(() => 'skipped'));
    expect(await rowCount(w.db, 'audit.loads')).toBe(loads);
    expect(await rowCount(w.db, 'raw.referrals')).toBe(4);
  });

  it('keeps the Windows-1252 en dash of the NHS Digital workforce file', async () => {
    await loadFile(join(EXAMPLES, 'NHSD_PCN_workforce_individual_level_example.csv'), w.effects);
    const roles = await w.db.all<{ r: string }>(
      `select distinct detailed_staff_role as r from raw.workforce_nhsd where r like 'Clinical Director%'`,
    );
    expect(roles.map((x) => x.r)).toContain('Clinical Director – Medical');
  });
});

describe('rejected rows', () => {
  it('records each bad row with its line, column, value and a reason to act on', async () => {
    const path = await write('referrals_2024-04.csv', [
      HEADER,
      row('R1'), // line 2: good
      row('R2', { referral_date: '2024-02-30' }), // line 3: not a date
      row('R3', { gp_practice_code: 'Z99999' }), // line 4: unknown practice
      row('R4', { referral_route: 'bus' }), // line 5: not a route
      row('R5', { first_contact_date: '2024-03-01' }), // line 6: contact before referral
      row('R1'), // line 7: duplicate of line 2
      row('R6', { contact_count: 'many' }), // line 8: not a number
      row('R7', { referral_reasons: 'housing;astrology' }), // line 9: unknown reason
      row('R8', { referral_date: '2031-01-01', first_contact_date: '', episode_end_date: '' }), // line 10: future
      row('R9', { referral_route: 'GP', gp_practice_code: 'a81002', sex: 'Female' }), // line 11: mixed case, good
    ]);
    const report = await loadFile(path, w.effects);
    expect(report).toMatchObject({ status: 'loaded', extract: 'referrals', rowsRead: 10, rowsLoaded: 2 });
    expect(report.rowsRead).toBe(report.rowsLoaded + report.rowsRejected);
    const rejects = await w.db.all<{ line: number; column_name: string; value: string; reason: string }>(
      `select line, column_name, value, reason from audit.rejected_rows where load_id = ? order by line`,
      [report.loadId!],
    );
    expect(rejects.map((r) => [r.line, r.column_name, r.value])).toEqual([
      [3, 'referral_date', '2024-02-30'],
      [4, 'gp_practice_code', 'Z99999'],
      [5, 'referral_route', 'bus'],
      [6, 'first_contact_date', '2024-03-01'],
      [7, 'referral_id', 'R1'],
      [8, 'contact_count', 'many'],
      [9, 'referral_reasons', 'housing;astrology'],
      [10, 'referral_date', '2031-01-01'],
    ]);
    const reasons = Object.fromEntries(rejects.map((r) => [r.line, r.reason]));
    expect(reasons[3]).toMatch(/could not be read as DATE \(write dates as yyyy-mm-dd\)/);
    expect(reasons[4]).toMatch(/not a known code in the reference data \(practices\)/);
    expect(reasons[5]).toMatch(/must be one of: gp, other_primary_care/);
    expect(reasons[6]).toBe('first contact date must not be before the referral date');
    expect(reasons[7]).toMatch(/duplicate of the row on line 2/);
    expect(reasons[10]).toMatch(/between 2019-01-01 and today/);
    const good = await w.db.all<{ referral_route: string; gp_practice_code: string; sex: string }>(
      `select referral_route, gp_practice_code, sex from raw.referrals where referral_id = 'R9'`,
    );
    expect(good).toEqual([{ referral_route: 'gp', gp_practice_code: 'A81002', sex: 'female' }]);
  });

  it('names the instrument, item, range and value of an out-of-range score', async () => {
    const source = await readFile(join(EXAMPLES, 'wellbeing_scores.csv'), 'utf8');
    const bad = source.replace(
      'A000001,R000001,SWEMWBS,baseline,2024-04-11,2,3,2,',
      'A000001,R000001,SWEMWBS,baseline,2024-04-11,2,3,7,',
    );
    const path = await write('wellbeing_scores_2024-04.csv', [bad.trimEnd()]);
    const report = await loadFile(path, w.effects);
    expect(report).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 1 });
    const reject = await w.db.one<{ line: number; column_name: string; value: string; reason: string }>(
      `select line, column_name, value, reason from audit.rejected_rows where load_id = ?`,
      [report.loadId!],
    );
    expect(reject).toEqual({
      line: 2,
      column_name: 'item_03',
      value: '7.0',
      reason: 'SWEMWBS item 3 (item 3) must be a whole number 1–5',
    });
  });
});

describe('files refused whole', () => {
  it('refuses a file whose header is wrong, naming the missing and unexpected columns', async () => {
    const path = await write('referrals_bad_header.csv', [
      HEADER.replace('referral_route', 'route').replace(',lsoa_code', ''),
      row('R1').split(',').slice(0, -1).join(','),
    ]);
    const report = await loadFile(path, w.effects);
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(
      /referrals extract but its header is wrong: missing referral_route, lsoa_code; unexpected route/,
    );
    expect(await rowCount(w.db, 'raw.referrals')).toBe(0);
    expect(await rowCount(w.db, 'audit.loads', `status = 'rejected'`)).toBe(1);
  });

  it('refuses an extract carrying an NHS number and stores nothing of it', async () => {
    // 943 476 5919 is the NHS's published example of a number that passes the Modulus 11 check.
    const path = await write('referrals_2024-04.csv', [
      HEADER,
      row('R1'),
      row('R2', { person_pseudonym: '9434765919' }),
    ]);
    const report = await loadFile(path, w.effects);
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(/line 3, column person_pseudonym holds what looks like an NHS number/);
    expect(await rowCount(w.db, 'raw.referrals')).toBe(0);
    const stored = await w.db.all(
      `select * from audit.rejected_rows where value like '%9434765919%' or reason like '%9434765919%'`,
    );
    expect(stored).toEqual([]);
    expect(JSON.stringify(await w.db.all('select * from audit.loads'))).not.toContain('9434765919');
  });

  it('does not mistake a 10-digit number failing Modulus 11 for an NHS number', async () => {
    const path = await write('referrals_2024-04.csv', [
      HEADER,
      row('R1', { person_pseudonym: '9434765918' }),
    ]);
    expect((await loadFile(path, w.effects)).status).toBe('loaded');
  });

  it('refuses a full postcode', async () => {
    const path = await write('referrals_2024-04.csv', [HEADER, row('R1', { person_pseudonym: 'SW1A 1AA' })]);
    const report = await loadFile(path, w.effects);
    expect(report.error).toMatch(/column person_pseudonym holds what looks like a full postcode/);
  });

  it('refuses an empty file', async () => {
    const path = await write('referrals_empty.csv', []);
    await writeFile(path, '');
    expect((await loadFile(path, w.effects)).error).toMatch(/empty/);
  });
});

describe('deliveries', () => {
  it('replaces the earlier batch when a corrected delivery of the same source and period arrives', async () => {
    const first = await write('referrals_2024-04.csv', [HEADER, row('R1'), row('R2'), row('R3')]);
    const correction = await write('referrals_2024-04_v2.csv', [
      HEADER,
      row('R1', { episode_end_date: '2024-06-30', episode_outcome: 'completed' }),
      row('R2'),
    ]);
    const a = await loadFile(first, w.effects);
    const b = await loadFile(correction, w.effects);
    expect(a).toMatchObject({ status: 'loaded', period: '2024-04' });
    expect(b).toMatchObject({ status: 'replaced', period: '2024-04', replacedLoadId: a.loadId });
    expect(await rowCount(w.db, 'raw.referrals')).toBe(2);
    expect(await rowCount(w.db, 'raw.referrals', `load_id = ${a.loadId}`)).toBe(0);
    const statuses = await w.db.all<{ status: string }>(
      `select status from audit.loads where extract_id = 'referrals' order by load_id`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['superseded', 'replaced']);
    // The superseded file sent again is recognised and skipped, not re-loaded over the correction.
    expect((await loadFile(first, w.effects)).status).toBe('skipped');
  });

  it('keeps a delivery for another period alongside', async () => {
    await loadFile(await write('referrals_2024-04.csv', [HEADER, row('R1')]), w.effects);
    const may = await loadFile(
      await write('referrals_2024-05.csv', [
        HEADER,
        row('R2', { referral_date: '2024-05-02', first_contact_date: '' }),
      ]),
      w.effects,
    );
    expect(may.status).toBe('loaded');
    expect(await rowCount(w.db, 'raw.referrals')).toBe(2);
  });

  it('accepts columns in another order, and Parquet', async () => {
    const cols = HEADER.split(',');
    const reversed = [cols.toReversed().join(','), row('R1').split(',').toReversed().join(',')];
    const report = await loadFile(await write('referrals_reordered.csv', reversed), w.effects);
    expect(report).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
    const parquet = join(w.dir, 'support_offered_2024-04.parquet');
    await w.db.run(
      `copy (select * from read_csv('${EXAMPLES}/support_offered.csv')) to '${parquet}' (format parquet)`,
    );
    const p = await loadFile(parquet, w.effects);
    expect(p).toMatchObject({ status: 'loaded', extract: 'support_offered', rowsRead: 4, rowsLoaded: 4 });
  });

  it('reads a gzipped CSV', async () => {
    const gz = join(w.dir, 'support_offered_2024-04.csv.gz');
    await w.db.run(
      `copy (select * from read_csv('${EXAMPLES}/support_offered.csv')) to '${gz}' (header, compression gzip)`,
    );
    expect(await loadFile(gz, w.effects)).toMatchObject({ status: 'loaded', rowsLoaded: 4 });
  });

  it('re-encodes a UTF-16 file with a byte-order mark', async () => {
    const text = await readFile(join(EXAMPLES, 'workforce_local.csv'), 'utf8');
    const path = join(w.dir, 'workforce_local_utf16.csv');
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await loadFile(path, w.effects)).toMatchObject({ status: 'loaded', rowsLoaded: 3 });
  });

  it('records a row the reader cannot parse in a re-encoded file under the file delivered', async () => {
    // A UTF-16 file is read through a UTF-8 copy in a temporary folder: its rejected rows must still
    // name the file the sender sent, or `spo rejects` points at a file that does not exist.
    const lines = [HEADER, row('R1'), 'R2,PR2,A81001', row('R3')];
    const path = join(w.dir, 'referrals_2024-04.csv');
    const text = `${lines.join('\n')}\n`;
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const report = await loadFile(path, w.effects);
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    const rejects = await w.db.all<{ file_name: string; line: number }>(
      `select file_name, line from audit.rejected_rows where load_id = ?`,
      [report.loadId!],
    );
    expect(rejects).toEqual([{ file_name: 'referrals_2024-04.csv', line: 3 }]);
  });

  it('reads the bundled reference data from the repository, never from ../shared', async () => {
    const sources = await w.db.all<{ file_path: string }>(`select distinct file_path from audit.loads`);
    expect(sources.length).toBeGreaterThan(5);
    for (const s of sources) expect(s.file_path).toMatch(/\/warehouse\/reference\//);
  });
});

describe('load order', () => {
  it('loads an original before its re-send and its corrections, in version order', async () => {
    const { loadOrder } = await import('../../pipelines/load/load-paths.ts');
    const files = [
      'x/referrals_2024-05_v2.csv',
      'x/wellbeing_scores_2024-05.csv',
      'x/referrals_2024-05_v10.csv',
      'x/referrals_2024-05_resent.csv',
      'x/referrals_2024-05.csv',
      'x/IMD2019_File1_Index_of_Multiple_Deprivation_LSOA11.csv',
      'x/referrals_2024-04.csv',
    ];
    expect(loadOrder(files)).toEqual([
      'x/IMD2019_File1_Index_of_Multiple_Deprivation_LSOA11.csv',
      'x/referrals_2024-04.csv',
      'x/referrals_2024-05.csv',
      'x/referrals_2024-05_resent.csv',
      'x/referrals_2024-05_v2.csv',
      'x/referrals_2024-05_v10.csv',
      'x/wellbeing_scores_2024-05.csv',
    ]);
  });
});
