import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { DataTestFailure, build, readModels, type BuildReport } from '../../pipelines/model/build.ts';
import { martContracts } from '../../warehouse/mart-contracts.ts';
import { martRowIssues } from './mart-rows.ts';

/**
 * The models built over the hand-checkable fixtures in tests/fixtures/extracts (see its README),
 * the bundled reference data and NHS Digital's PCN workforce files. Practices: A81001 → U89141,
 * A81002 → U07032, A81004 → U02671.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures/extracts');
const WORKFORCE_DIR = join(REFERENCE_DIR, 'pcn_workforce');

let dir: string;
let db: Database;
let report: BuildReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-models-'));
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'models.test' };
  await loadBundledReference(effects);
  const reports = await loadPaths([FIXTURES, WORKFORCE_DIR], effects);
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  report = await build(db);
});

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('staging', () => {
  it('keeps a referral delivered twice from the latest delivery and counts its deliveries', async () => {
    // R04 came without a first contact in April's file and with one (2024-04-25) in May's
    expect(
      await db.all(
        `select referral_id, first_contact_date, has_care_plan, deliveries from staging.stg_referrals
         where referral_id = 'R04'`,
      ),
    ).toEqual([{ referral_id: 'R04', first_contact_date: '2024-04-25', has_care_plan: true, deliveries: 2 }]);
    expect(await db.one(`select count(*)::INTEGER as n from staging.stg_referrals`)).toEqual({ n: 12 });
  });

  it('scores the instruments by the DOMAIN rules', async () => {
    const rows = await db.all<{ assessment_id: string; measure: string }>(
      `select assessment_id, measure, score, raw_score, band, is_lonely, is_complete, higher_is_better
       from staging.stg_wellbeing_scores order by assessment_id, measure`,
    );
    const get = (id: string, measure: string) =>
      rows.find((r) => r.assessment_id === id && r.measure === measure);
    // SWEMWBS 3+3+3+3+3+3+4 = 22 → metric 19.98 (Warwick table)
    expect(get('A01', 'metric')).toMatchObject({ score: 19.98, raw_score: 22, higher_is_better: true });
    // UCLA3 3+2+2 = 7 ≥ 6: lonely
    expect(get('A03', 'total')).toMatchObject({ score: 7, band: 'lonely', is_lonely: true });
    // ONS4 with item 4 missing: incomplete, no score for any item
    expect(rows.filter((r) => r.assessment_id === 'A07')).toHaveLength(4);
    for (const r of rows.filter((r) => r.assessment_id === 'A07')) {
      expect(r).toMatchObject({ score: null, band: null, is_complete: false });
    }
    // ONS4 complete: items separately; anxiety 3 is "low" and lower is better; happiness 6 "medium"
    expect(get('A08', 'anxiety')).toMatchObject({ score: 3, band: 'low', higher_is_better: false });
    expect(get('A08', 'happiness')).toMatchObject({ score: 6, band: 'medium' });
    // PAM 47.0 is level 1, 55.2 level 3
    expect(get('A09', 'score')).toMatchObject({ score: 47, band: 'level_1' });
    expect(get('A10', 'score')).toMatchObject({ score: 55.2, band: 'level_3' });
    // DJG6 1,2,3 | 3,2,1 → emotional 1+1+0, social 1+1+0 = 4: moderately lonely
    expect(get('A11', 'total')).toMatchObject({ score: 4, band: 'moderately_lonely', is_lonely: true });
    // DJG6 1,1,1 | 3,3,3 → 6: severely lonely
    expect(get('A14', 'total')).toMatchObject({ score: 6, band: 'severely_lonely' });
    // ONS loneliness code 1: often/always, lonely
    expect(get('A12', 'how_often_lonely')).toMatchObject({ score: 1, band: 'often_always', is_lonely: true });
    // WEMWBS 14 × 3 = 42; MYCaW without a second concern is still complete
    expect(get('A15', 'total')).toMatchObject({ score: 42 });
    expect(get('A17', 'concern_1')).toMatchObject({ score: 5, is_complete: true, higher_is_better: false });
    expect(get('A17', 'concern_2')).toMatchObject({ score: null, is_complete: true });
  });

  it('national link-worker FTE per census month equals the sum over the NHS Digital file', async () => {
    const expected: Record<string, number> = {};
    for (const file of (await readdir(WORKFORCE_DIR)).filter((f) => f.endsWith('.csv'))) {
      const text = new TextDecoder('windows-1252').decode(await readFile(join(WORKFORCE_DIR, file)));
      const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
      const names = parseCsvLine(header).map((h) => h.toUpperCase());
      const col = (name: string) => names.indexOf(name);
      // exact decimal sum in units of 1e-9 FTE (the file has at most 9 decimals)
      const sums = new Map<string, bigint>();
      for (const line of lines) {
        const f = parseCsvLine(line);
        if (f[col('STAFF_ROLE')] !== 'Social Prescribing Link Workers') continue;
        const month = `${f[col('CENSUS_YEAR')]}-${f[col('CENSUS_MONTH')].padStart(2, '0')}-01`;
        sums.set(month, (sums.get(month) ?? 0n) + nanoUnits(f[col('FTE')]));
      }
      for (const [month, sum] of sums) expected[month] = Number(formatNano(sum));
    }
    const rows = await db.all<{ month: string; fte: number }>(
      `select month, sum(fte) as fte from marts.workforce_monthly
       where source = 'nhsd' and staff_role = 'social_prescribing_link_worker' group by month`,
    );
    expect(Object.keys(expected)).toHaveLength(11);
    expect(Object.fromEntries(rows.map((r) => [r.month, r.fte]))).toEqual(expected);
  });
});

describe('link-worker headcount as NHS Digital counts it', () => {
  /**
   * Independent of the models: distinct UNIQUE_IDENTIFIERs of link workers per census month and
   * area, from the published CSVs read here with Node (records without an identifier are contracted
   * services: FTE, no headcount). PCNs are placed in sub-ICB, ICB and region by marts.areas, the
   * dashboard's hierarchy; England and each PCN need no placing.
   */
  async function distinctStaffFromFiles(placeOf: Map<string, Record<string, string | null>>) {
    const ids = new Map<string, Set<string>>();
    for (const file of (await readdir(WORKFORCE_DIR)).filter((f) => f.endsWith('.csv'))) {
      const text = new TextDecoder('windows-1252').decode(await readFile(join(WORKFORCE_DIR, file)));
      const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
      const names = parseCsvLine(header).map((h) => h.toUpperCase());
      const col = (name: string) => names.indexOf(name);
      for (const line of lines) {
        const f = parseCsvLine(line);
        if (f[col('STAFF_ROLE')] !== 'Social Prescribing Link Workers') continue;
        const id = f[col('UNIQUE_IDENTIFIER')];
        if (id === '' || id === 'NULL') continue;
        const month = `${f[col('CENSUS_YEAR')]}-${f[col('CENSUS_MONTH')].padStart(2, '0')}-01`;
        const pcn = f[col('PCN_CODE')].toUpperCase();
        const place = placeOf.get(pcn) ?? {};
        const keys = [
          'E:E',
          `PCN:${pcn}`,
          ...(['REGION', 'ICB', 'SICBL'] as const).filter((l) => place[l]).map((l) => `${l}:${place[l]}`),
        ];
        for (const key of keys) {
          const k = `${month}|${key}`;
          if (!ids.has(k)) ids.set(k, new Set());
          ids.get(k)!.add(id);
        }
      }
    }
    return new Map([...ids].map(([k, v]) => [k, v.size]));
  }

  it('is the distinct staff count at each level (PCN, sub-ICB, ICB, region, England) for every census month', async () => {
    const areas = await db.all<{
      pcn_code: string;
      sub_icb_code: string;
      icb_code: string;
      region_code: string;
    }>(`select pcn_code, sub_icb_code, icb_code, region_code from marts.areas`);
    const placeOf = new Map(
      areas.map((a) => [a.pcn_code, { REGION: a.region_code, ICB: a.icb_code, SICBL: a.sub_icb_code }]),
    );
    const expected = await distinctStaffFromFiles(placeOf);
    const rows = await db.all<{ key: string; headcount: number }>(
      `select strftime(month, '%Y-%m-%d') || '|' || area_level || ':' || area_code as key, headcount
       from marts.workforce_areas_monthly
       where source = 'nhsd' and staff_role = 'social_prescribing_link_worker' and headcount > 0`,
    );
    const actual = new Map(rows.map((r) => [r.key, r.headcount]));
    expect(new Set([...expected.keys()].map((k) => k.slice(0, 10))).size).toBe(11);
    expect(actual).toEqual(expected);
    // England in September 2022: 1,659 people, not the 2,259 staff records the old code showed
    expect(expected.get('2022-09-01|E:E')).toBe(1659);
    // the PCN rows the capacity page and the per-PCN mart read agree with the files too
    const perPcn = await db.all<{ key: string; headcount: number }>(
      `select strftime(month, '%Y-%m-%d') || '|PCN:' || pcn_code as key, headcount from marts.workforce_monthly
       where source = 'nhsd' and staff_role = 'social_prescribing_link_worker' and headcount > 0`,
    );
    expect(new Map(perPcn.map((r) => [r.key, r.headcount]))).toEqual(
      new Map([...expected].filter(([k]) => k.includes('|PCN:'))),
    );
  });

  it('does not add PCN headcounts up to England: a person in two PCNs is one person', async () => {
    const r = await db.one<{ pcns: number; england: number }>(
      `select
         (select sum(headcount) from marts.workforce_areas_monthly
          where area_level = 'PCN' and source = 'nhsd' and staff_role = 'social_prescribing_link_worker'
            and month = '2022-09-01')::INTEGER as pcns,
         (select headcount from marts.workforce_areas_monthly
          where area_level = 'E' and source = 'nhsd' and staff_role = 'social_prescribing_link_worker'
            and month = '2022-09-01') as england`,
    );
    expect(r!.england).toBe(1659);
    expect(r!.pcns).toBeGreaterThan(r!.england);
  });

  it('stays within NHS Digital’s published national figure for March 2021 (which adds practice staff)', async () => {
    // DOMAIN §2: 1,449 headcount and 1,265 FTE at the end of 2020/21, counting link workers employed
    // by PCNs and by practices. The PCN files hold the PCN-employed part only, so they must be
    // smaller: comparable as a lower bound, not equal.
    const r = await db.one<{ headcount: number; fte: number }>(
      `select headcount, fte::DOUBLE as fte from marts.workforce_areas_monthly
       where area_level = 'E' and source = 'nhsd' and staff_role = 'social_prescribing_link_worker'
         and month = '2021-03-01'`,
    );
    expect(r!.headcount).toBe(1066);
    expect(r!.headcount).toBeLessThan(1449);
    expect(r!.fte).toBeLessThan(1265);
  });
});

describe('marts', () => {
  it('every mart has a contract with columns, and the build held each table to it', async () => {
    const marts = (await readModels()).filter((m) => m.layer === 'marts');
    // martContracts (the source of the dashboard's row types) names exactly the marts there are
    expect(Object.keys(martContracts).sort()).toEqual(marts.map((m) => m.name).sort());
    for (const mart of marts) {
      const contract = martContracts[mart.name as keyof typeof martContracts];
      expect(Object.keys(mart.definition?.columns?.shape ?? {}), mart.name).toEqual(
        Object.keys(contract.columns.shape),
      );
    }
    // the build checked every one (names, types and nulls: check-columns.ts) and passed
    expect(report.contractsChecked).toBe(marts.length);
  });

  it('the rows the dashboard receives parse with each mart’s contract (so its derived type holds)', async () => {
    const { issues, empty } = await martRowIssues(db.path);
    expect(issues).toEqual({});
    // the fixtures here have no paired outcomes, orphans or rejects: outcome-definitions.test
    // checks the paired marts' rows over its own fixtures; nor a gp_activity extract:
    // healthcare-use.test and healthcare-use-by-group.test check the health-care use marts' rows
    // over their own
    expect(empty.sort()).toEqual([
      'dq_orphans',
      'dq_rejects',
      'healthcare_use',
      'healthcare_use_by_group',
      'healthcare_use_monthly',
      'loneliness_paired',
      'outcome_pairs',
    ]);
  });

  it('referral_funnel: accepted referrals reaching each step, from the fixtures by hand', async () => {
    const rows = await db.all(
      `select month, pcn_code, referred, accepted, contacted, plan_agreed, linked_to_activity,
              took_up_activity, follow_up_recorded
       from marts.referral_funnel order by month, pcn_code`,
    );
    const stages = rows.map((r) => Object.values(r).slice(1).join(' '));
    expect(stages).toEqual([
      // April. U02671: R06 all the way (PAM follow-up)
      'U02671 1 1 1 1 1 1 1',
      // U07032: R04 (contact from its May update, plan, S04 not known taken up, ONS4 follow-up)
      // and R05 (no plan). A follow-up no longer needs an activity taken up (issue 12): was 0
      'U07032 2 2 2 1 1 0 1',
      // U89141: R03 declined; R01 and R02 took up support and were followed up
      'U89141 3 2 2 2 2 2 2',
      // May. U02671: R11 (contacted, plan, no support, WEMWBS follow-up), R12 (not contacted).
      // Follow-up recorded without an activity taken up (issue 12): was 0
      'U02671 2 2 1 1 0 0 1',
      // U07032: R09 declined; R10 all the way (ONS loneliness follow-up)
      'U07032 2 1 1 1 1 1 1',
      // U89141: R07 took up housing advice, no follow-up; R08 plan not recorded and nothing after
      'U89141 2 2 2 1 1 1 0',
    ]);
  });

  it('referral_waits: days to first contact in bands, and the people still waiting', async () => {
    const rows = await db.all<{ month: string; pcn_code: string; wait_band: string; referrals: number }>(
      `select month, pcn_code, wait_band, referrals from marts.referral_waits
       order by month, pcn_code, status, wait_band_order`,
    );
    expect(rows.map((r) => `${r.month.slice(0, 7)} ${r.pcn_code} ${r.wait_band} ${r.referrals}`)).toEqual([
      '2024-04 U02671 57+ 1', // R06 69 days
      '2024-04 U07032 15-28 1', // R04 22 days
      '2024-04 U07032 29-56 1', // R05 42 days
      '2024-04 U89141 0-7 1', // R01 3 days
      '2024-04 U89141 8-14 1', // R02 10 days
      '2024-05 U02671 8-14 1', // R11 8 days
      // R12 not contacted, episode open: 53 days from 2024-05-28 to the data date 2024-07-20 (A16),
      // still waiting (left out before issue 12)
      '2024-05 U02671 29-56 1',
      '2024-05 U07032 0-7 1', // R10 1 day
      '2024-05 U89141 0-7 2', // R07 1 day, R08 4 days
    ]);
  });

  it('int_outcome_pairs: the first baseline and the follow-up in the window (6–26 weeks)', async () => {
    const rows = await db.all<Record<string, string | number>>(
      `select baseline_month, pcn_code, instrument, measure, score_before, score_after
       from intermediate.int_outcome_pairs where is_paired
       order by baseline_month, pcn_code, instrument, measure, score_after desc`,
    );
    expect(rows.map((r) => Object.values(r).join(' '))).toEqual([
      '2024-04-01 U89141 SWEMWBS metric 19.98 22.35', // R01 raw 22 → 25, 76 days
      '2024-04-01 U89141 SWEMWBS metric 19.98 19.98', // R02 raw 22 → 22, 72 days
      '2024-04-01 U89141 UCLA3 total 7 5', // R01, 76 days
      '2024-06-01 U02671 MYCAW concern_1 5 3', // R11, 48 days; no second concern, no pair for it
      '2024-06-01 U02671 MYCAW wellbeing 4 2',
      '2024-06-01 U02671 WEMWBS total 42 56', // R11
    ]);
    // follow-ups too soon after the baseline are not paired (before issue 12 they were): R10's
    // ONS loneliness at 35 days, R06's PAM at 15 days
    expect(
      await db.all(
        `select referral_id, instrument from intermediate.int_outcome_pairs
         where has_follow_up_outside_window order by referral_id`,
      ),
    ).toEqual([
      { referral_id: 'R06', instrument: 'PAM' },
      { referral_id: 'R10', instrument: 'ONS_LONELINESS' },
    ]);
    // the data date is 2024-07-20: no baseline's 26-week window has closed, so the outcome
    // figures (the closed-window cohort) have no rows yet
    expect(await db.all(`select * from marts.outcome_pairs`)).toEqual([]);
    // R04's ONS4 follow-up has no complete baseline: not paired, counted for data quality
    expect(
      await db.one(
        `select count(*)::INTEGER as measures, sum(referrals)::INTEGER as referrals, any_value(pcn_code) as pcn_code
         from marts.dq_follow_ups_without_baseline where instrument = 'ONS4'`,
      ),
    ).toEqual({ measures: 4, referrals: 4, pcn_code: 'U07032' });
  });

  it('loneliness: assessed and lonely per instrument and stage', async () => {
    const rows = await db.all<Record<string, string | number | null>>(
      `select month, pcn_code, instrument, stage, assessed, lonely, severely_lonely
       from marts.loneliness order by month, pcn_code, instrument, stage`,
    );
    expect(rows.map((r) => Object.values(r).join(' '))).toEqual([
      '2024-04-01 U89141 UCLA3 baseline 1 1 ', // R01 7
      '2024-05-01 U07032 DJG6 baseline 1 1 1', // R10 6: severe
      '2024-05-01 U07032 ONS_LONELINESS baseline 1 1 ', // R10 often/always
      '2024-06-01 U02671 DJG6 baseline 1 1 0', // R06 4: moderate
      '2024-06-01 U07032 ONS_LONELINESS follow_up 1 0 ',
      '2024-06-01 U89141 UCLA3 follow_up 1 0 ',
    ]);
  });

  it('dq_duplicates counts the referral delivered twice', async () => {
    expect(
      await db.all(
        `select month, pcn_code, delivered_more_than_once from marts.dq_duplicates where delivered_more_than_once > 0`,
      ),
    ).toEqual([{ month: '2024-04-01', pcn_code: 'U07032', delivered_more_than_once: 1 }]);
  });

  it('capacity_monthly: link workers from the local return, 0 for PCNs without one', async () => {
    // Referrals per FTE counts accepted referrals only and annualises over the months with referral
    // data (the fixtures hold April and May 2024). U89141 (A81001): April R01, R02 accepted, R03
    // declined → 2; May R07, R08 → 4 in the two months. 2 × 12 / 1 month / 1.5 FTE = 16 a year;
    // 4 × 12 / 2 / 1.5 = 16. U02671 (A81004): R06; R11, R12 → 1, 3, no link worker so no ratio.
    // (The old code gave 3 / 1.5 = 2 "a year" in April: a declined referral and one month as a year.)
    const rows = await db.all(
      `select month, pcn_code, workforce_source, link_worker_headcount, link_worker_fte,
              accepted_referrals_12_months, referral_months, referrals_per_fte
       from marts.capacity_monthly where pcn_code in ('U89141', 'U02671') and month >= '2024-01-01'
       order by month, pcn_code`,
    );
    expect(rows).toEqual([
      {
        month: '2024-04-01',
        pcn_code: 'U02671',
        workforce_source: null,
        link_worker_headcount: 0,
        link_worker_fte: 0,
        accepted_referrals_12_months: 1,
        referral_months: 1,
        referrals_per_fte: null,
      },
      {
        month: '2024-04-01',
        pcn_code: 'U89141',
        workforce_source: 'local',
        link_worker_headcount: 2,
        link_worker_fte: 1.5,
        accepted_referrals_12_months: 2,
        referral_months: 1,
        referrals_per_fte: 16,
      },
      {
        month: '2024-05-01',
        pcn_code: 'U02671',
        workforce_source: null,
        link_worker_headcount: 0,
        link_worker_fte: 0,
        accepted_referrals_12_months: 3,
        referral_months: 2,
        referrals_per_fte: null,
      },
      {
        month: '2024-05-01',
        pcn_code: 'U89141',
        workforce_source: 'local',
        link_worker_headcount: 2,
        link_worker_fte: 1.5,
        accepted_referrals_12_months: 4,
        referral_months: 2,
        referrals_per_fte: 16,
      },
    ]);
    // every current PCN has a row in every month with workforce data
    expect(
      await db.one(
        `select count(distinct pcn_code)::INTEGER as pcns from marts.capacity_monthly where month = '2024-05-01'`,
      ),
    ).toEqual(await db.one(`select count(*)::INTEGER as pcns from marts.areas where is_current`));
  });

  it('targets: a linear trajectory from the 2023 point to 9,000 by March 2037', async () => {
    const points = await db.all<{ due_date: string; value: number }>(
      `select due_date, value from marts.targets where trajectory_of = 'ltwp_social_prescribers_9000' order by due_date`,
    );
    expect(points.map((p) => p.due_date)).toEqual(Array.from({ length: 13 }, (_, i) => `${2024 + i}-03-31`));
    // 3,000 on 2023-06-30 + 6,000 × 275 / 5,023 days to 2024-03-31
    expect(points[0].value).toBeCloseTo(3000 + (6000 * 275) / 5023, 1);
  });
});

describe('dq_orphans', () => {
  it('counts offers and assessments whose referral never arrived, per extract and month', async () => {
    // every fixture offer and assessment has its referral
    expect(await db.all(`select * from marts.dq_orphans`)).toEqual([]);
    const { writeFile } = await import('node:fs/promises');
    const file = join(dir, 'support_offered_2024-06.csv');
    await writeFile(
      file,
      'support_id,referral_id,activity_category,provider_type,offered_date,taken_up\n' +
        'S90,R90,befriending,voluntary_community,2024-06-03,true\n' +
        'S91,R91,befriending,voluntary_community,2024-06-10,false\n' +
        'S92,R01,learning_and_skills,voluntary_community,2024-06-12,true\n',
    );
    const [report] = await loadPaths([file], { db, runBy: 'models.test' });
    expect(report.status).toBe('loaded');
    await build(db);
    expect(await db.all(`select extract_id, month, rows_without_referral from marts.dq_orphans`)).toEqual([
      { extract_id: 'support_offered', month: '2024-06-01', rows_without_referral: 2 },
    ]);
  });
});

describe('a failing data test', () => {
  it('aborts the build and leaves the previous marts as they were', async () => {
    const before = await db.all(`select * from marts.referral_funnel order by month, pcn_code`);
    // an impossible route, written past the loader: referral_funnel is rebuilt with it first,
    // then referrals_monthly's accepted_values test fails
    await db.run(
      `insert into raw.referrals by name
       select 999 as load_id, 1 as source_row, 'R99' as referral_id, 'P99' as person_pseudonym,
              'A81001' as gp_practice_code, DATE '2024-04-30' as referral_date, 'carrier_pigeon' as referral_route,
              'other' as referral_reasons, '871731000000106' as snomed_code, '18-24' as age_band,
              'male' as sex, 'white' as ethnic_group`,
    );
    try {
      await expect(build(db)).rejects.toThrow(DataTestFailure);
      await expect(build(db)).rejects.toThrow(/referrals_monthly: accepted_values\(referral_route\)/);
      expect(await db.all(`select * from marts.referral_funnel order by month, pcn_code`)).toEqual(before);
      expect(await db.one(`select count(*)::INTEGER as n from staging.stg_referrals`)).toEqual({ n: 12 });
    } finally {
      await db.run(`delete from raw.referrals where load_id = 999`);
    }
  });
});

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** "0.106666667" → 106666667n (units of 1e-9); "NULL" or empty counts as 0. */
function nanoUnits(value: string): bigint {
  if (value === '' || value === 'NULL') return 0n;
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const units = BigInt(whole || '0') * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
  return negative ? -units : units;
}

function formatNano(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  return `${negative ? '-' : ''}${abs / 1_000_000_000n}.${(abs % 1_000_000_000n).toString().padStart(9, '0')}`;
}
