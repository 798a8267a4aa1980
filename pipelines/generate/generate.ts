import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { columnsOf } from '../../warehouse/contracts/columns-of.ts';
import { sqlString } from '../contracts/compile-checks.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { referrals } from '../../warehouse/contracts/referrals.ts';
import { supportOffered } from '../../warehouse/contracts/support-offered.ts';
import { wellbeingScores } from '../../warehouse/contracts/wellbeing-scores.ts';
import { workforceLocal } from '../../warehouse/contracts/workforce-local.ts';
import type { Database } from '../db/database.ts';
import { deliverySource } from '../load/delivery.ts';
import { loadOrder } from '../load/load-paths.ts';
import { openGeneratorDatabase, spillFolder } from './generator-database.ts';
import { writeGpActivity } from './gp-activity.ts';
import { referralsOutSql, scoresOutSql, supportOutSql, workforceOutSql } from './extract-sql.ts';
import { geographySql, monthsSql, referralsSql, scoresSql, supportSql, workforceSql } from './model-sql.ts';
import { randomMacrosSql } from './random-sql.ts';
import { plantedTruth } from './planted-truth.ts';
import { settings } from '../../src/lib/config/settings.ts';

export interface GenerateOptions {
  outDir: string;
  /** Total referrals over the period (default 200,000; about 1.3 million a year is national reality). */
  referrals?: number;
  seed?: number;
  /** First month, yyyy-mm (default 2023-04). */
  from?: string;
  /** Number of months (default 24). */
  months?: number;
  /** Add the mess real deliveries have: re-sent files, a correction, late rows, mixed case, invalid rows. */
  messy?: boolean;
}

export interface GeneratedFile {
  file: string;
  extract: string;
  /** What the loader should report when the folder is loaded (in the loader's order). */
  expectedStatus: 'loaded' | 'replaced' | 'skipped';
  /** Data rows in the file (excluding the header). */
  rows: number;
  /** Rows the loader should reject: the rows made invalid on purpose (0 for a skipped file, which is not read). */
  expectedRejects: number;
  note: string;
}

export interface GenerateEffects {
  log?: (message: string) => void;
  progress?: (done: number, total: number, what: string) => void;
}

interface PlannedFile {
  file: string;
  contract: ExtractContract;
  /** The output table and the file's month index in it (null: every row). */
  table: string;
  fm: number | null;
  format: 'csv' | 'parquet';
  /** For the month's original of a corrected file: leave late-closed episodes open. */
  beforeCorrection?: boolean;
  /** A byte-for-byte copy of this earlier file. */
  copyOf?: string;
  note: string;
}

const OUT_TABLES = ['referrals_out', 'support_out', 'scores_out', 'workforce_out'];
const LINE_TABLES: [string, ExtractContract][] = [
  ['referrals_out', referrals],
  ['support_out', supportOffered],
  ['scores_out', wellbeingScores],
  ['workforce_out', workforceLocal],
];

/**
 * A row as the CSV writer would write it: values joined by commas, NULL as empty. No value of the
 * extracts (codes, ids, dates, numbers) holds a comma, quote or line break, so none needs quoting.
 */
function csvLine(contract: ExtractContract): string {
  const values = columnsOf(contract).map((c) => `coalesce(${c.name}::VARCHAR, '')`);
  return `concat_ws(',', ${values.join(', ')})`;
}

const DEFAULTS = { referrals: 200_000, seed: 1, from: '2023-04', months: 24, messy: true };

function monthLabel(from: string, offset: number): string {
  const [y, m] = from.split('-').map(Number);
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Generates a national synthetic delivery of every extract, month by month, in DuckDB SQL (see
 * model-sql.ts), and a manifest.json saying what the loader should make of each file.
 */
export async function generate(
  options: GenerateOptions,
  effects: GenerateEffects = {},
): Promise<{ files: GeneratedFile[]; manifestPath: string }> {
  const o = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const outDir = options.outDir;
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(o.from)) throw new Error(`from must be yyyy-mm, not ${o.from}`);
  if (!Number.isInteger(o.months) || o.months < 1) throw new Error('months must be a whole number ≥ 1');
  if (!Number.isInteger(o.referrals) || o.referrals < 1)
    throw new Error('referrals must be a whole number ≥ 1');
  const lastMonth = monthLabel(o.from, o.months - 1);
  const end = lastDay(lastMonth);
  if (end >= new Date().toISOString().slice(0, 10)) {
    throw new Error(
      `the period must end before today (it ends ${end}): the loader rejects dates in the future`,
    );
  }
  if (`${o.from}-01` < '2019-01-01') throw new Error('the period must start in 2019 or later');
  const log = effects.log ?? (() => undefined);
  const started = Date.now();
  const step = (what: string) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  await mkdir(outDir, { recursive: true });
  // Under its own memory limit, spilling inside outDir: the 2.6 M-referral demo peaked at 4.1 GB
  // with no limit, and 10 M at 1,898 MiB under the loads' 1.5 GB (docs/benchmarks.md).
  const db = profiled(await openGeneratorDatabase(outDir), log);
  try {
    // The truth tables' rows may be stored in any order (every value is a draw keyed by the row,
    // and the extracts are sorted when rendered): not keeping the order saves buffering.
    await db.run('set preserve_insertion_order = false');
    const params = { referrals: o.referrals, start: `${o.from}-01`, months: o.months, end };
    await db.run(randomMacrosSql(o.seed));
    await db.run(geographySql());
    await db.run(monthsSql(params));
    const total = (await db.one<{ total: number }>('select total::VARCHAR as total from bucket_total'))!
      .total;
    step('read the reference data');
    await db.run(referralsSql({ ...params, bucketTotal: BigInt(total) }));
    step(`made ${o.referrals} referrals`);
    await db.run(supportSql(params));
    await db.run(scoresSql(params));
    await db.run(workforceSql());
    step('made support offered, wellbeing scores and the workforce');
    const truth = await plantedTruth(db, {
      referrals: o.referrals,
      from: o.from,
      months: o.months,
      end,
      monthLabel: (i) => monthLabel(o.from, i),
    });
    step('worked out the planted truth');

    // Enough candidates that each file gets its few invalid rows.
    const mess = {
      messy: o.messy,
      months: o.months,
      perMonth: o.referrals / o.months,
      workforceRows: (await db.one<{ n: number }>('select count(*) as n from workforce_truth'))!.n,
      start: params.start,
      monthOfDay: Array.from({ length: o.months }, (_, i) =>
        Array<number>(Number(lastDay(monthLabel(o.from, i)).slice(8))).fill(i),
      ).flat(),
    };
    await db.run(referralsOutSql(mess));
    await db.run(supportOutSql(mess));
    await db.run(scoresOutSql(mess));
    await db.run(workforceOutSql(mess));
    // Each CSV extract rendered once as whole text lines, stored in file order: a file is then a scan
    // of its own row groups (zone maps on fm). Sorting one text column is much cheaper than sorting
    // every rendered column (the sort moves each value of its payload).
    await db.run('set preserve_insertion_order = true');
    for (const [table, contract] of LINE_TABLES) {
      await db.run(
        `create or replace temp table ${table}_lines as select fm, ${csvLine(contract)} as line from ${table} order by fm, i`,
      );
    }
    step('rendered the extracts');

    // Rows, invalid rows and period (months of the valid rows) of each file.
    type Stats = { fm: number; rows: number; bad: number; first: string | null; last: string | null };
    const stats_: Record<string, Stats[]> = {};
    for (const table of OUT_TABLES) {
      stats_[table] = await db.all<Stats>(
        `select fm, count(*) as rows, count(*) filter (where bad > 0) as bad,
           strftime(min(period_date) filter (where bad = 0), '%Y-%m') as first,
           strftime(max(period_date) filter (where bad = 0), '%Y-%m') as last
         from ${table} group by fm`,
      );
    }
    step('counted the rows of each file');
    const planned = plan(o);
    const files: GeneratedFile[] = [];
    const periods = new Map<string, string | null>();
    for (const [n, f] of planned.entries()) {
      effects.progress?.(n, planned.length, f.file);
      const path = join(outDir, f.file);
      const t = Date.now();
      if (f.copyOf) await copyFile(join(outDir, f.copyOf), path);
      else await writeExtract(db, f, path, (i) => `${monthLabel(o.from, i)}-01`);
      if (settings().SPO_PROFILE) log(`${f.file}: ${Date.now() - t} ms`);
      const stats = (stats_[f.table] ?? []).filter((s) => f.fm === null || s.fm === f.fm);
      const first =
        stats
          .map((s) => s.first)
          .filter((x) => x !== null)
          .sort()[0] ?? null;
      const last =
        stats
          .map((s) => s.last)
          .filter((x) => x !== null)
          .sort()
          .at(-1) ?? null;
      const sum = (k: 'rows' | 'bad') => stats.reduce((n, s) => n + s[k], 0);
      periods.set(f.file, first === null ? null : first === last ? first : `${first}..${last}`);
      files.push({
        file: f.file,
        extract: f.contract.id,
        expectedStatus: 'loaded',
        rows: sum('rows'),
        expectedRejects: sum('bad'),
        note: f.note,
      });
    }
    const gp = await writeGpActivity(db, { outDir, ...o });
    files.push(gp.generated);
    periods.set(gp.generated.file, gp.period);
    effects.progress?.(files.length, files.length, '');
    step(`wrote ${files.length} files`);
    const ordered = expectStatuses(files, planned, periods);
    const manifestPath = join(outDir, 'manifest.json');
    await writeFile(
      manifestPath,
      `${JSON.stringify(
        {
          generator: 'spo generate',
          seed: o.seed,
          referrals: o.referrals,
          from: o.from,
          months: o.months,
          messy: o.messy,
          note: 'Files are listed in the order the loader loads them (reference data first, then by name); load warehouse/reference before this folder.',
          files: ordered,
          truth,
          healthcareUse: gp.manifest,
        },
        null,
        2,
      )}\n`,
    );
    return { files: ordered, manifestPath };
  } finally {
    db.close();
    await rm(spillFolder(outDir), { recursive: true, force: true });
  }
}

/**
 * With SPO_PROFILE set, every statement is run on its own and its time logged (the SQL builders
 * end each statement with a semicolon at the end of a line).
 */
function profiled(db: Database, log: (message: string) => void): Database {
  if (!settings().SPO_PROFILE) return db;
  const run = async (sql: string) => {
    for (const statement of sql.split(/;[ \t]*\n/).filter((s) => s.trim() !== '')) {
      const t = Date.now();
      await db.run(statement);
      const what = statement
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 70);
      log(`  ${((Date.now() - t) / 1000).toFixed(2)} s  ${what}`);
    }
  };
  return { ...db, run };
}

function plan(o: typeof DEFAULTS): PlannedFile[] {
  const label = (i: number) => monthLabel(o.from, i);
  const corrected = o.messy ? Math.max(0, o.months - 4) : -1;
  const parquetMonth = Math.floor(o.months / 2);
  const files: PlannedFile[] = [];
  for (let i = 0; i < o.months; i++) {
    const late = o.messy && i > 0 ? '; includes some referrals from the previous month sent late' : '';
    files.push({
      file: `referrals_${label(i)}.csv`,
      contract: referrals,
      table: 'referrals_out',
      fm: i,
      format: 'csv',
      beforeCorrection: i === corrected,
      note: `referrals made in ${label(i)}${late}${i === corrected ? '; some episodes closed since are still open here' : ''}`,
    });
    if (i === corrected) {
      files.push({
        file: `referrals_${label(i)}_v2.csv`,
        contract: referrals,
        table: 'referrals_out',
        fm: i,
        format: 'csv',
        note: `correction of referrals_${label(i)}.csv: the same rows with the episodes closed since filled in`,
      });
    }
    files.push({
      file: `support_offered_${label(i)}.${i === parquetMonth ? 'parquet' : 'csv'}`,
      contract: supportOffered,
      table: 'support_out',
      fm: i,
      format: i === parquetMonth ? 'parquet' : 'csv',
      note: `support offered in ${label(i)}${i === parquetMonth ? ', sent as Parquet' : ''}`,
    });
    files.push({
      file: `wellbeing_scores_${label(i)}.csv`,
      contract: wellbeingScores,
      table: 'scores_out',
      fm: i,
      format: 'csv',
      note: `wellbeing assessments made in ${label(i)}`,
    });
  }
  files.push({
    file: `workforce_local_${o.from}_${label(o.months - 1)}.csv`,
    contract: workforceLocal,
    table: 'workforce_out',
    fm: null,
    format: 'csv',
    note: 'link workers and related roles per PCN per month over the period',
  });
  if (o.messy) {
    const resend = (file: string) => {
      const original = files.find((f) => f.file === file);
      if (!original) return;
      const copy = file.replace(/\.(csv|parquet)$/, '_resent.$1');
      files.push({ ...original, file: copy, copyOf: file, note: `${file} sent again unchanged` });
    };
    if (o.months > 1) resend(`referrals_${label(1)}.csv`);
    resend(
      `support_offered_${label(Math.max(0, o.months - 3) === parquetMonth ? 0 : Math.max(0, o.months - 3))}.csv`,
    );
    resend(`wellbeing_scores_${label(Math.floor(o.months / 3))}.csv`);
  }
  return files;
}

async function writeExtract(
  db: Database,
  f: PlannedFile,
  path: string,
  monthStart: (i: number) => string,
): Promise<void> {
  const names = columnsOf(f.contract).map((c) => c.name);
  if (f.format === 'csv' && !f.beforeCorrection) {
    // The stored lines, in file order (fm, i); COPY keeps a table's order (preserve_insertion_order).
    // One column named by the header, written unquoted (the lines need no quoting: see csvLine).
    const where = f.fm === null ? '' : `where fm = ${f.fm}`;
    await db.run(
      `copy (select line as "${names.join(',')}" from ${f.table}_lines ${where}) to ${sqlString(path)} (format csv, header true, quote '', escape '', delimiter '\t')`,
    );
    return;
  }
  // The Parquet file and the month's original of a corrected file: typed columns, or a rendering
  // the lines do not hold. One query over the extract's view, filtered to the file's month (the
  // bounds on period_date, a stored date, let the scan skip other months' row groups; a referral
  // sent late is in the next month's file) and sorted by row key (unique, so the order is total).
  const columns = names.map((name) => {
    if (f.beforeCorrection && (name === 'episode_end_date' || name === 'episode_outcome')) {
      return `case when closed_late then null else ${name} end as ${name}`;
    }
    return name;
  });
  const lag = f.table === 'referrals_out' ? 1 : 0;
  const where =
    f.fm === null
      ? ''
      : `where period_date >= DATE '${monthStart(Math.max(0, f.fm - lag))}' and period_date < DATE '${monthStart(f.fm + 1)}' and fm = ${f.fm}`;
  const options = f.format === 'parquet' ? `format parquet, compression zstd` : `format csv, header true`;
  await db.run(
    `copy (select ${columns.join(', ')} from ${f.table} ${where} order by i) to ${sqlString(path)} (${options})`,
  );
}

/**
 * The status the loader will report for each file, found by replaying its rules in its order: a
 * file with the bytes of an earlier one is skipped; one with the same extract, source (file name
 * less any _v2/_resent) and period as an earlier load replaces it; anything else is loaded.
 */
function expectStatuses(
  files: GeneratedFile[],
  planned: PlannedFile[],
  periods: Map<string, string | null>,
): GeneratedFile[] {
  const byName = new Map(files.map((f) => [f.file, f]));
  const contentOf = (file: string) => planned.find((p) => p.file === file)?.copyOf ?? file;
  const seenContent = new Set<string>();
  const deliveries = new Set<string>();
  return loadOrder(files.map((f) => f.file)).map((name) => {
    const f = byName.get(name)!;
    const content = contentOf(name);
    if (seenContent.has(content)) return { ...f, expectedStatus: 'skipped' as const, expectedRejects: 0 };
    seenContent.add(content);
    const period = periods.get(name);
    const delivery = `${f.extract}|${deliverySource(basename(name))}|${period}`;
    const status = period !== null && deliveries.has(delivery) ? ('replaced' as const) : ('loaded' as const);
    deliveries.add(delivery);
    return { ...f, expectedStatus: status };
  });
}
