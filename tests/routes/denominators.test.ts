/**
 * Denominators of the period shown (issue 12): FTE per 50,000, rates per 1,000 and England's
 * targets pro-rata use the registered list of the month(s) shown, never today's. Every expected
 * value is computed here from the published reference files themselves (a plain CSV split, not
 * the warehouse): NHS England's GPAD coverage files (patients at open practices per sub-ICB and
 * month, August 2020 on), the HEEC practice list sizes per financial year (before it, and for
 * PCNs), the October 2025 practice map and NHS Digital's PCN workforce file. The datasets and the
 * overview's `load` run against a published snapshot of the model fixtures, as
 * tests/routes/capacity-targets.test.ts builds it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { splitCsvLine } from '../../pipelines/load/read-header.ts';
import { build } from '../../pipelines/model/build.ts';
import { publish } from '../../pipelines/publish/publish.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshots } from '../../src/lib/server/snapshot.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures/extracts');
const admin = scopeFor({ name: 'test-admin', role: 'admin', icbs: [] });

let dir: string;
let db: Database;

/** The rows of a reference CSV as objects keyed by header (BOM and CR removed). */
async function readReference(file: string, encoding: BufferEncoding = 'utf8') {
  const text = (await readFile(join(REFERENCE_DIR, file), encoding)).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const names = splitCsvLine(header, ',');
  return lines.map((line) => {
    const fields = splitCsvLine(line, ',');
    return Object.fromEntries(names.map((n, i) => [n, fields[i]])) as Record<string, string>;
  });
}

const MONTHS = 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' ');
/** `2024-05` → the coverage file's `01MAY2024` */
const coverageMonth = (m: string) => `01${MONTHS[Number(m.slice(5, 7)) - 1]}${m.slice(0, 4)}`;

let coverage: Record<string, string>[];
let practiceMap: Record<string, string>[];
let listSizes: Record<string, string>[];

/** Patients at open practices in `month` (GPAD coverage), England or the sub-ICBs of an ICB. */
function coverageIn(month: string, icb?: string): number {
  const subIcbs = icb
    ? new Set(practiceMap.filter((p) => p.ICB_CODE === icb).map((p) => p.SUB_ICB_LOCATION_CODE))
    : null;
  const rows = coverage.filter(
    (r) => r.Appointment_Month === coverageMonth(month) && (!subIcbs || subIcbs.has(r.SUB_ICB_LOCATION_CODE)),
  );
  expect(rows.length, `coverage rows for ${month}`).toBeGreaterThan(0);
  return rows.reduce((s, r) => s + Number(r['Patients registered at open practices']), 0);
}

/** Each practice's list size for a financial year (HEEC `fiscal_year` 20 = 2020/21), summed. */
function listSizeSum(fiscalYear: string, practices?: Set<string>): number {
  return listSizes
    .filter((r) => r.fiscal_year === fiscalYear && Number(r.TOTAL_PATIENTS) > 0)
    .filter((r) => !practices || practices.has(r['Practice.Code']))
    .reduce((s, r) => s + Math.round(Number(r.TOTAL_PATIENTS)), 0);
}

const months = (from: string, to: string) => {
  const out: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); ; m++) {
    if (m > 12) [y, m] = [y + 1, 1];
    const s = `${y}-${String(m).padStart(2, '0')}`;
    out.push(s);
    if (s === to) return out;
  }
};

const dataset = (id: Parameters<typeof runDataset>[0], query: string) =>
  runDataset(id, parseFilters(new URLSearchParams(query)), admin);

type Load = (event: { url: URL; locals: { scope: typeof admin } }) => Promise<Record<string, unknown>>;
const overview = async (query: string) => {
  const { load } = (await import('../../src/routes/+page.server.ts')) as unknown as { load: Load };
  return (await load({ url: new URL(`http://localhost/?${query}`), locals: { scope: admin } })) as {
    patients: number;
    peopleReferred: { year: string; people: number | null; months: number; complete: boolean };
    referralTarget: { value: number; status: string; basis: string; target: { target_id: string } } | null;
    fteTarget: { value: number; basis: string } | null;
  };
};

// 20 people, each referred once a month through 2023/24 at A81001 (Stockton PCN, QHM): 240
// episodes, 20 distinct people, a complete financial year to read the 900,000 ambition against
const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
const YEAR_2023 = months('2023-04', '2024-03').flatMap((m) =>
  Array.from(
    { length: 20 },
    (_, i) =>
      `Y${m}-${i},PY${i},A81001,${m}-10,gp,mental_wellbeing,871731000000106,,,,,,35-44,female,white,E01012020`,
  ),
);

beforeAll(async () => {
  [coverage, practiceMap, listSizes] = await Promise.all([
    Promise.all([
      readReference('APPOINTMENTS_GP_COVERAGE_2020-08_2023-01.csv'),
      readReference('APPOINTMENTS_GP_COVERAGE_2023-02_2025-07.csv'),
    ]).then((files) => files.flat()),
    readReference('gp-reg-pat-prac-map_Oct2025.csv'),
    readReference('HEEC_workforce_year_practice_list_size.csv'),
  ]);
  dir = await mkdtemp(join(tmpdir(), 'spo-denominators-'));
  const file = join(dir, 'warehouse.duckdb');
  process.env.SPO_DB = file;
  db = await openDatabase(file, { threads: 2 });
  await migrate(db);
  await loadBundledReference({ db, runBy: 'denominators.test' });
  const year = join(dir, 'referrals_2023.csv');
  await writeFile(year, [HEADER, ...YEAR_2023, ''].join('\n'));
  const reports = await loadPaths([FIXTURES, year, join(REFERENCE_DIR, 'pcn_workforce')], {
    db,
    runBy: 'denominators.test',
  });
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
  await publish(db, file);
}, 180_000);

afterAll(async () => {
  await snapshots().close();
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('FTE per 50,000 (workforce dataset)', () => {
  it("England in 2020-09 divides by September 2020's registered patients, not today's list", async () => {
    // link-worker FTE straight from NHS Digital's September 2020 file (Windows-1252: read as latin1)
    const staff = await readReference(
      'pcn_workforce/NHSD_PCN_workforce_individual_level_2020-09.csv',
      'latin1',
    );
    const fte = staff
      .filter((r) => r.STAFF_ROLE === 'Social Prescribing Link Workers')
      .reduce((s, r) => s + Number(r.FTE), 0);
    const patients = coverageIn('2020-09');
    // 2020/21's published list (HEEC, every practice): the two publications agree within 1.5 %
    expect(Math.abs(patients / listSizeSum('20') - 1)).toBeLessThan(0.015);

    const rows = (await dataset('workforce', 'to=2020-09')).rows;
    const sep = rows.find((r) => String(r.month).startsWith('2020-09'))!;
    expect(sep.fte_per_50k).toBeCloseTo((fte / patients) * 50_000, 2);
    expect(sep).toMatchObject({ source: 'nhsd', registered_patients: patients });
  });

  it('a month before GPAD coverage (2020-06) uses the 2020/21 list sizes, closed practices included', async () => {
    const rows = (await dataset('workforce', 'to=2020-09')).rows;
    const june = rows.find((r) => String(r.month).startsWith('2020-06'))!;
    expect(june.registered_patients).toBe(listSizeSum('20'));
    expect(june.fte_per_50k).toBeCloseTo((Number(june.fte) / listSizeSum('20')) * 50_000, 2);
  });
});

describe('rates per 1,000 (compare dataset)', () => {
  it("an ICB's denominator is the mean of its monthly lists over the period (GPAD coverage)", async () => {
    const table = await dataset('compare', 'from=2023-04&to=2023-05');
    const qhm = table.rows.find((r) => r.code === 'QHM')!;
    const mean = Math.round((coverageIn('2023-04', 'QHM') + coverageIn('2023-05', 'QHM')) / 2);
    expect(qhm.registered_patients).toBe(mean);
    // 20 referrals a month at A81001: 40 in 2 months, per 1,000 a year
    expect(qhm.referrals).toBe(40);
    expect(qhm.rate).toBeCloseTo((40 / mean) * 1000 * 6, 1);
    // the benchmark (England's rate) over England's mean list of the same months
    const england = (coverageIn('2023-04') + coverageIn('2023-05')) / 2;
    expect(qhm.benchmark).toBeCloseTo((40 / england) * 1000 * 6, 1);
  });

  it("a PCN's denominator is its practices' list sizes for the period's financial year", async () => {
    const table = await dataset('compare', 'area=ICB:QHM&from=2023-04&to=2023-06');
    const practices = new Set(practiceMap.filter((p) => p.PCN_CODE === 'U89141').map((p) => p.PRACTICE_CODE));
    const stockton = table.rows.find((r) => r.code === 'U89141')!;
    // 2023/24 (HEEC year 23), not the latest year's list that marts.areas holds
    expect(stockton.registered_patients).toBe(listSizeSum('23', practices));
    expect(listSizeSum('23', practices)).not.toBe(listSizeSum('24', practices));
    // 20 people a month at A81001: 60 referrals in 3 months, per 1,000 a year
    expect(stockton.referrals).toBe(60);
    expect(stockton.rate).toBeCloseTo((60 / listSizeSum('23', practices)) * 1000 * 4, 1);
  });
});

describe('overview: people referred against the 900,000 ambition, targets pro-rata by the month’s list', () => {
  it('reads the distinct people of a complete financial year against the ambition', async () => {
    const data = await overview('from=2023-04&to=2024-03');
    // 240 episodes in 2023/24, but 20 people: the ambition counts people
    expect(data.peopleReferred).toEqual({ year: '2023-24', people: 20, months: 12, complete: true });
    expect(data.referralTarget).toMatchObject({ value: 900_000, status: 'due', basis: 'england' });
    expect(data.referralTarget!.target.target_id).toBe('ltp_referrals_900k');
  });

  it("pro-rates England's ambition by the area's share of the year's registered patients", async () => {
    const data = await overview('area=ICB:QHM&from=2023-04&to=2024-03');
    const year = months('2023-04', '2024-03');
    const share =
      year.reduce((s, m) => s + coverageIn(m, 'QHM'), 0) / year.reduce((s, m) => s + coverageIn(m), 0);
    expect(data.referralTarget).toMatchObject({ basis: 'england_pro_rata', status: 'due' });
    expect(data.referralTarget!.value).toBeCloseTo(900_000 * share, 6);
    expect(data.peopleReferred).toMatchObject({ people: 20, complete: true });
    // the lede's registered patients: the mean of the period's monthly lists
    expect(data.patients).toBeCloseTo(year.reduce((s, m) => s + coverageIn(m, 'QHM'), 0) / 12, 6);
  });

  it('a financial year with data for only some months is not compared as a whole year', async () => {
    const data = await overview('to=2024-05');
    expect(data.peopleReferred).toMatchObject({ year: '2024-25', months: 2, complete: false });
    expect(data.referralTarget).toMatchObject({ status: 'past' });
  });

  it("pro-rates the FTE trajectory by the area's share of England's list in the month measured", async () => {
    // May 2024: QHM's local return; 30 June 2023 → 31 May 2024 is 336 of the 5,023 days to 31 March 2037
    const data = await overview('area=ICB:QHM&to=2024-05');
    const share = coverageIn('2024-05', 'QHM') / coverageIn('2024-05');
    expect(data.fteTarget).toMatchObject({ basis: 'england_pro_rata' });
    expect(data.fteTarget!.value).toBeCloseTo(share * (3000 + (6000 * 336) / 5023), 6);
  });
});
