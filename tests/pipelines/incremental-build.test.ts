import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../pipelines/generate/generate.ts';
import { loadPaths } from '../../pipelines/load/load-paths.ts';
import { build, type BuildReport } from '../../pipelines/model/build.ts';
import { tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

/**
 * An incremental build must leave every model exactly as a full build of the same landed data
 * would. A history of seven months is loaded and built; then one more delivery: a new month, an
 * old referral's episode re-sent with a new practice and route, an old assessment and an old offer
 * re-sent naming another referral (and one re-sent so in the history, whose first referral the
 * delivery touches), the correction (`_v2`) of an old month that also drops a
 * referral, the generator's rejected rows, and follow-ups of older referrals. The incremental
 * build's tables are kept aside, the models are built again in full, and the two are compared
 * (EXCEPT ALL both ways; DOUBLEs to 9 digits for summation order).
 */
let w: TempWarehouse;
let dir: string;
let incremental: BuildReport;
let differences: { table: string; onlyIncremental: number; onlyFull: number; example?: unknown }[];
let reDelivered: { referral_id: string; practice_code: string };
let secondBuild: BuildReport;
let secondDifferences: { table: string; onlyIncremental: number; onlyFull: number; example?: unknown }[];
let thirdBuild: BuildReport;
let thirdDifferences: typeof secondDifferences;
let movedReferral: string;
let secondMonths: string[];
let secondPcns: string[];
let allPcns: number;
let pcnMovedReferral: string;
let pcnMovedFrom: string;
let dataDates: string[];
let closedWindows: number[];
const dataDate = async () =>
  (await w.db.one<{ d: string }>(`select data_date::VARCHAR as d from intermediate.int_data_date`))!.d;
const closed = async () =>
  (await w.db.one<{ n: number }>(
    `select count(*)::INTEGER as n from intermediate.int_outcome_pairs where is_window_closed`,
  ))!.n;

const FROM = '2024-04';
const MONTHS = 8;
const month = (i: number) => {
  const [y, m] = FROM.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + i, 1));
  return d.toISOString().slice(0, 7);
};
const LAST = month(MONTHS - 1);
const CORRECTED = month(MONTHS - 4);

/** The data lines of a generated CSV with their header (the generator quotes nothing we touch). */
async function csv(file: string) {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const columns = header!.split(',');
  const rows = lines.filter((l) => !l.includes('"')).map((l) => l.split(','));
  return { header: header!, rows, col: (name: string) => columns.indexOf(name) };
}

async function append(file: string, row: string[]) {
  await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n${row.join(',')}\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-incremental-'));
  const generated = join(dir, 'generated');
  await generate({ outDir: generated, referrals: 10_000, seed: 7, from: FROM, months: MONTHS, messy: true });
  const history = join(dir, 'history');
  const delivery = join(dir, 'delivery');
  await mkdir(history);
  await mkdir(delivery);
  for (const file of await readdir(generated)) {
    if (!/\.(csv|parquet)$/.test(file)) continue;
    const late = file.includes(LAST) && !file.includes(`${FROM}_`);
    const target = late || file.endsWith('_v2.csv') ? delivery : history;
    await cp(join(generated, file), join(target, file));
  }

  // an old referral re-sent in the new month, now at another referral's practice and by its route;
  // one of its assessments was re-sent under another referral in the history (re-reading its
  // referral must not bring the older delivery of that assessment back)
  const scores = await csv(join(generated, `wellbeing_scores_${month(3)}.csv`));
  const assessment = scores.rows[0]!;
  const referralId = assessment[scores.col('referral_id')]!;
  const referralFiles = (await readdir(generated)).filter((f) => /^referrals_\d{4}-\d{2}\.csv$/.test(f));
  let resent: string[] | undefined;
  let referrals: Awaited<ReturnType<typeof csv>> | undefined;
  for (const file of referralFiles) {
    referrals = await csv(join(generated, file));
    resent = referrals.rows.find((r) => r[referrals!.col('referral_id')] === referralId);
    if (resent) break;
  }
  const col = referrals!.col;
  resent = [...resent!];
  const other = await csv(join(generated, `referrals_${month(5)}.csv`));
  const donor = other.rows.find((r) => r[col('gp_practice_code')] !== resent![col('gp_practice_code')])!;
  resent[col('gp_practice_code')] = donor[other.col('gp_practice_code')]!;
  resent[col('referral_route')] = donor[other.col('referral_route')]!;
  reDelivered = { referral_id: referralId, practice_code: resent[col('gp_practice_code')]! };
  const old = await csv(join(generated, `referrals_${month(2)}.csv`));
  const movedBefore = [...assessment];
  movedBefore[scores.col('referral_id')] = old.rows[3]![col('referral_id')]!;
  await append(join(history, `wellbeing_scores_${month(5)}.csv`), movedBefore);

  // an old assessment and an old offer re-sent in the delivery naming another (old) referral
  const moved = [...scores.rows[1]!];
  moved[scores.col('referral_id')] = old.rows[1]![col('referral_id')]!;
  await append(join(delivery, `wellbeing_scores_${LAST}.csv`), moved);
  const offers = await csv(join(generated, `support_offered_${month(2)}.csv`));
  const movedOffer = [...offers.rows[0]!];
  movedOffer[offers.col('referral_id')] = old.rows[2]![col('referral_id')]!;
  await append(join(delivery, `support_offered_${LAST}.csv`), movedOffer);

  // the correction no longer sends one referral of the month it replaces
  const correction = join(delivery, `referrals_${CORRECTED}_v2.csv`);
  const lines = (await readFile(correction, 'utf8')).trimEnd().split('\n');
  await writeFile(correction, `${[lines[0], ...lines.slice(2)].join('\n')}\n`);

  w = await tempWarehouse();
  await loadPaths([history], w.effects);
  const first = await build(w.db);
  expect(first.full).toBe(true);
  // the re-sent episode ends 100 days after the history's data date: the data date moves and
  // closes the follow-up windows of referrals no delivery touched (int_outcome_pairs' refresh)
  dataDates = [await dataDate()];
  const ended = new Date(Date.parse(dataDates[0]!) + 100 * 86_400_000).toISOString().slice(0, 10);
  resent[col('episode_end_date')] = ended;
  resent[col('episode_outcome')] = 'completed';
  await append(join(delivery, `referrals_${LAST}.csv`), resent);
  closedWindows = [await closed()];
  const reports = await loadPaths([delivery], w.effects);
  expect(reports.map((r) => r.status).sort()).toEqual(['loaded', 'loaded', 'loaded', 'replaced']);
  expect(reports.reduce((n, r) => n + r.rowsRejected, 0)).toBeGreaterThan(0);
  incremental = await build(w.db);
  dataDates.push(await dataDate());
  closedWindows.push(await closed());

  differences = await compareWithFull();

  // a second delivery touching only old months: the correction of month 2 drops one of its
  // referrals and moves one of month 3's into it (re-sent, dated a day earlier than the month's
  // end); month 3 is affected only through that referral's old row, the financial year only
  // through months that are not its first
  const moving = (await csv(join(generated, `referrals_${month(3)}.csv`))).rows.filter((r) =>
    r[col('referral_date')]!.startsWith(month(3)),
  )[4]!;
  movedReferral = moving[col('referral_id')]!;
  moving[col('referral_date')] = `${month(2)}-28`;
  // and its episode, re-sent, ends 20 days after the data date: the data date moves on, so the
  // last month's referrals whose 28-day wait was not yet known become known (referral_waits'
  // rows that age with the data date), in months no referral of the delivery is in
  const lastDate = await dataDate();
  const endedAsSent = [moving[col('episode_end_date')]!, moving[col('episode_outcome')]!];
  moving[col('episode_end_date')] = new Date(Date.parse(lastDate) + 20 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  moving[col('episode_outcome')] = 'completed';
  const second = join(dir, 'second');
  await mkdir(second);
  const oldLines = (await readFile(join(generated, `referrals_${month(2)}.csv`), 'utf8'))
    .trimEnd()
    .split('\n');
  // and it moves one of month 2's referrals to another PCN: one with an offer made in month 6, a
  // month no referral of the delivery is in (support_offered_monthly's month is the offer's)
  const lateOffers = await csv(join(generated, `support_offered_${month(6)}.csv`));
  const lateReferrals = new Set(lateOffers.rows.map((r) => r[lateOffers.col('referral_id')]!));
  const movedIndex = oldLines.findIndex(
    (l, i) => i > 11 && !l.includes('"') && lateReferrals.has(l.split(',')[0]!),
  );
  const pcnMoved = oldLines[movedIndex]!.split(',');
  pcnMovedReferral = pcnMoved[col('referral_id')]!;
  pcnMovedFrom = (await w.db.one<{ pcn: string }>(
    `select pcn_code as pcn from intermediate.int_referrals where referral_id = ?`,
    [pcnMovedReferral],
  ))!.pcn;
  pcnMoved[col('gp_practice_code')] = (await w.db.one<{ p: string }>(
    `select practice_code as p from intermediate.int_referrals
     where pcn_code <> ? and practice_code is not null order by practice_code limit 1`,
    [pcnMovedFrom],
  ))!.p;
  const corrected = oldLines.map((l, i) => (i === movedIndex ? pcnMoved.join(',') : l));
  const correctionOf = (last: string[]) =>
    `${[corrected[0], ...corrected.slice(1, 10), ...corrected.slice(11), last.join(',')].join('\n')}\n`;
  await writeFile(join(second, `referrals_${month(2)}_v2.csv`), correctionOf(moving));
  // the referral months the delivery's referrals had and have, worked out apart from the build
  const ids = [...oldLines.slice(1).map((l) => l.split(',')[0]!), movedReferral];
  const monthsOf = async () =>
    (
      await w.db.all<{ m: string }>(
        `select distinct referral_month::VARCHAR as m from intermediate.int_referrals
         where referral_id in (${ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ')})`,
      )
    ).map((r) => r.m);
  // and the PCNs they were and are in (a mart by month and PCN rebuilds only those)
  const pcnsOf = async () =>
    (
      await w.db.all<{ p: string }>(
        `select distinct pcn_code as p from intermediate.int_referrals where pcn_code is not null
         and referral_id in (${ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ')})`,
      )
    ).map((r) => r.p);
  const before = await monthsOf();
  const pcnsBefore = await pcnsOf();
  expect((await loadPaths([second], w.effects)).map((r) => r.status)).toEqual(['replaced']);
  secondBuild = await build(w.db);
  dataDates.push(await dataDate());
  secondMonths = [...new Set([...before, ...(await monthsOf())])].sort();
  secondPcns = [...new Set([...pcnsBefore, ...(await pcnsOf())])].sort();
  allPcns = (await w.db.one<{ n: number }>(
    `select count(distinct pcn_code)::INTEGER as n from marts.referrals_monthly`,
  ))!.n;
  secondDifferences = await compareWithFull();

  // a third correction of month 2 takes the late episode end back: the data date moves back, and
  // what aged with it (referral_waits) is rebuilt whole
  const third = join(dir, 'third');
  await mkdir(third);
  const unended = [...moving];
  [unended[col('episode_end_date')], unended[col('episode_outcome')]] = endedAsSent;
  await writeFile(join(third, `referrals_${month(2)}_v3.csv`), correctionOf(unended));
  expect((await loadPaths([third], w.effects)).map((r) => r.status)).toEqual(['replaced']);
  thirdBuild = await build(w.db);
  dataDates.push(await dataDate());
  thirdDifferences = await compareWithFull();
}, 600_000);

/** The incremental build's tables aside, the same raw data built in full, and what differs. */
async function compareWithFull() {
  // the incremental build's tables aside, then the same raw data built in full
  const tables = await w.db.all<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
     where table_schema in ('staging', 'intermediate', 'marts') and table_type = 'BASE TABLE' order by all`,
  );
  await w.db.run('drop schema if exists cmp cascade; create schema cmp');
  for (const { s, t } of tables) await w.db.run(`create table cmp.${s}__${t} as select * from ${s}.${t}`);
  await build(w.db, { full: true });
  const differences: typeof secondDifferences = [];
  for (const { s, t } of tables) {
    const columns = await w.db.all<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
       where table_schema = ? and table_name = ? order by ordinal_position`,
      [s, t],
    );
    const select = columns
      .map(({ column_name: c, data_type: type }) =>
        ['DOUBLE', 'FLOAT'].includes(type) ? `round("${c}", 9) as "${c}"` : `"${c}"`,
      )
      .join(', ');
    const inc = `select ${select} from cmp.${s}__${t}`;
    const fullSql = `select ${select} from ${s}.${t}`;
    const only = async (a: string, b: string) =>
      (await w.db.one<{ n: number }>(`select count(*)::INTEGER as n from (${a} except all ${b})`))!.n;
    const onlyIncremental = await only(inc, fullSql);
    const onlyFull = await only(fullSql, inc);
    if (onlyIncremental || onlyFull) {
      const example = await w.db.one(`select * from (${inc} except all ${fullSql}) limit 1`);
      differences.push({ table: `${s}.${t}`, onlyIncremental, onlyFull, example });
    }
  }
  return differences;
}

afterAll(async () => {
  await w?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an incremental build', () => {
  it('brings the person-level models up to date by key and leaves the untouched ones', () => {
    expect(incremental.full).toBe(false);
    // the 8 person-level models by referral (int_pair_candidates split out of int_outcome_pairs
    // to fit the memory limit), the 16 marts grouped by month by month (the four outcome marts
    // follow the referrals whose window the moved data date closed too; referral_waits the rows
    // that age with it)
    expect(incremental.incremental).toBe(24);
    expect(incremental.byMonth.map((m) => m.relation).sort()).toEqual(
      [
        'dq_completeness',
        'dq_duplicates',
        'dq_follow_ups_without_baseline',
        'dq_orphans',
        'dq_snomed',
        'loneliness',
        'loneliness_paired',
        'outcome_completeness',
        'outcome_pairs',
        'people_referred',
        'referral_funnel',
        'referral_reasons_monthly',
        'referral_waits',
        'referrals_monthly',
        'support_offered_monthly',
        'support_vs_needs',
      ].map((m) => `marts.${m}`),
    );
    expect(incremental.affectedKeys).toBeGreaterThan(0);
    // reference data, workforce and the seeds did not change
    expect(incremental.skipped).toBeGreaterThan(10);
  });

  it('keeps the seeds as views', async () => {
    expect(
      await w.db.all(
        `select table_name, table_type from information_schema.tables
         where table_schema = 'staging' and table_type = 'VIEW' order by 1`,
      ),
    ).toEqual(
      ['stg_instrument_measures', 'stg_need_activity_categories', 'stg_wait_bands'].map((t) => ({
        table_name: t,
        table_type: 'VIEW',
      })),
    );
  });

  it('closed the follow-up windows the moved data date closes', () => {
    expect(dataDates[1]! > dataDates[0]!).toBe(true);
    expect(closedWindows[1]!).toBeGreaterThan(closedWindows[0]! + 10);
  });

  it('applied the re-sent episode', async () => {
    expect(
      await w.db.one(`select referral_id, practice_code from staging.stg_referrals where referral_id = ?`, [
        reDelivered.referral_id,
      ]),
    ).toEqual(reDelivered);
  });

  it('leaves every staging, intermediate and mart table as a full build of the same data', () => {
    expect(differences).toEqual([]);
  });

  it('after a delivery touching only old months, rebuilds only those months of the marts by month', async () => {
    expect(dataDates[2]! > dataDates[1]!).toBe(true);
    expect(
      await w.db.one(
        `select referral_month::VARCHAR as m from intermediate.int_referrals where referral_id = ?`,
        [movedReferral],
      ),
    ).toEqual({ m: `${month(2)}-01` });
    // months 2 (the correction) and 3 (the moved referral's old month), and those of any episode
    // the correction re-sends; not the whole history
    expect(secondMonths).toContain(`${month(3)}-01`);
    expect(secondMonths.length).toBeLessThan(MONTHS - 1);
    const referralMonths = secondBuild.byMonth.find((m) => m.relation === 'marts.referrals_monthly');
    expect(referralMonths).toEqual({
      relation: 'marts.referrals_monthly',
      months: secondMonths.length,
      pcns: secondPcns.length,
    });
    // the correction's PCNs, not every PCN with referrals
    expect(secondPcns.length).toBeLessThan(allPcns);
    const { pcn } = (await w.db.one<{ pcn: string }>(
      `select pcn_code as pcn from intermediate.int_referrals where referral_id = ?`,
      [pcnMovedReferral],
    ))!;
    expect(pcn).not.toBe(pcnMovedFrom);
    expect(secondDifferences).toEqual([]);
  });

  it('after a correction moving the data date back, rebuilds what ages with it whole', () => {
    expect(dataDates[3]).toBe(dataDates[1]);
    expect(thirdBuild.byMonth.map((m) => m.relation)).not.toContain('marts.referral_waits');
    expect(thirdDifferences).toEqual([]);
  });

  it('builds nothing when nothing was loaded since', async () => {
    const again = await build(w.db);
    expect({ rebuilt: again.rebuilt, incremental: again.incremental, tests: again.testsPassed }).toEqual({
      rebuilt: 0,
      incremental: 0,
      tests: 0,
    });
  });
});
