import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';

/**
 * Indicators that had no independent check (docs/methods.md, "Indicators"): support against
 * needs and data quality, worked by hand from the model fixtures in tests/fixtures/extracts and the
 * need → activity map in docs/models.md. Practices: A81001 →
 * U89141, A81002 → U07032, A81004 → U02671. R04 was delivered twice (the May delivery is kept; its
 * referral month is still April). A blank taken_up is not known to be taken up.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures/extracts');

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-indicator-checks-'));
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'indicator-checks.test' };
  await loadBundledReference(effects);
  const reports = await loadPaths([FIXTURES], effects);
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
}, 120_000);

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r).join(' '));

describe('support against needs', () => {
  it('counts each stated need, and whether an offer in a matching category was made and taken up', async () => {
    const rows = await db.all(
      `select strftime(month, '%Y-%m') as month, pcn_code, need, referrals,
              linked_to_matching_activity, took_up_matching_activity
       from marts.support_vs_needs order by month, pcn_code, need`,
    );
    expect(lines(rows)).toEqual([
      // R06 long-term condition: S05 sport and physical activity (a match), taken up
      '2024-04 U02671 long_term_condition 1 1 1',
      // R04 bereavement: S04 mental health support matches, taken_up blank → not counted as taken
      // up; R05 physical activity: nothing offered
      '2024-04 U07032 bereavement 1 1 0',
      '2024-04 U07032 physical_activity 1 0 0',
      // R02 finance/debt: S03 advice, taken up
      '2024-04 U89141 finance_debt 1 1 1',
      // R01 loneliness: S01 arts and crafts (taken up) and S02 befriending (not) both match
      '2024-04 U89141 loneliness_isolation 1 1 1',
      // R01 mental wellbeing: S01 arts and crafts matches (S02 befriending does not); R03
      // (declined) states it too and was offered nothing: 2 stating, 1 linked, 1 took up
      '2024-04 U89141 mental_wellbeing 2 1 1',
      // R11 mental wellbeing and R12 other: nothing offered
      '2024-05 U02671 mental_wellbeing 1 0 0',
      '2024-05 U02671 other 1 0 0',
      // R09 carer (declined): nothing; R10 loneliness: S07 befriending, taken up
      '2024-05 U07032 carer 1 0 0',
      '2024-05 U07032 loneliness_isolation 1 1 1',
      // R08 employment: nothing; R07 housing: S06 advice, taken up
      '2024-05 U89141 employment 1 0 0',
      '2024-05 U89141 housing 1 1 1',
    ]);
  });

  it('counts offers by the month they were made, at the PCN of the referral', async () => {
    const rows = await db.all(
      `select strftime(month, '%Y-%m') as month, pcn_code, activity_category, provider_type, offered, taken_up
       from marts.support_offered_monthly order by month, pcn_code, activity_category`,
    );
    expect(lines(rows)).toEqual([
      '2024-04 U89141 advice_debt_benefits_housing statutory 1 1', // S03
      '2024-04 U89141 arts_and_crafts voluntary_community 1 1', // S01
      '2024-04 U89141 befriending voluntary_community 1 0', // S02
      '2024-05 U07032 befriending voluntary_community 1 1', // S07
      '2024-05 U07032 mental_health_support voluntary_community 1 0', // S04, taken_up blank
      '2024-05 U89141 advice_debt_benefits_housing statutory 1 1', // S06
      '2024-07 U02671 sport_and_physical_activity voluntary_community 1 1', // S05
    ]);
  });
});

describe('data quality', () => {
  it('dq_snomed: which code each referral carries (871731000000106 accepted, 871711000000103 declined)', async () => {
    const rows = await db.all(
      `select strftime(month, '%Y-%m') as month, pcn_code, referrals, accepted_code, declined_code, other_code
       from marts.dq_snomed order by month, pcn_code`,
    );
    expect(lines(rows)).toEqual([
      '2024-04 U02671 1 1 0 0', // R06
      '2024-04 U07032 2 2 0 0', // R04 (once, though delivered twice), R05
      '2024-04 U89141 3 2 1 0', // R01, R02; R03 declined
      '2024-05 U02671 2 2 0 0', // R11, R12
      '2024-05 U07032 2 1 1 0', // R10; R09 declined
      '2024-05 U89141 2 2 0 0', // R07, R08
    ]);
  });

  it('dq_completeness: rows with a value per optional field and PCN, from the latest deliveries', async () => {
    const rows = await db.all(
      // the mart is by referral month too (built by month); the dashboard adds the months up
      `select extract_id, field, pcn_code, sum(rows)::INTEGER as rows, sum(non_null)::INTEGER as non_null
       from marts.dq_completeness
       where extract_id <> 'wellbeing_scores' group by all order by extract_id, field, pcn_code`,
    );
    expect(lines(rows)).toEqual([
      // U02671: R06, R11, R12 (R12 has no contact, plan, count or LSOA)
      // U07032: R04 (its May delivery: contacted 2024-04-25, plan agreed, 3 contacts; no LSOA), R05, R09, R10
      // U89141: R01, R02, R03 (declined: ended, outcome recorded, plan blank), R07, R08 (plan blank)
      'referrals care_plan_agreed U02671 3 2',
      'referrals care_plan_agreed U07032 4 3',
      'referrals care_plan_agreed U89141 5 3',
      'referrals contact_count U02671 3 2',
      'referrals contact_count U07032 4 4',
      'referrals contact_count U89141 5 5',
      'referrals episode_end_date U02671 3 0',
      'referrals episode_end_date U07032 4 1',
      'referrals episode_end_date U89141 5 1',
      'referrals episode_outcome U02671 3 0',
      'referrals episode_outcome U07032 4 1',
      'referrals episode_outcome U89141 5 1',
      'referrals first_contact_date U02671 3 2',
      'referrals first_contact_date U07032 4 3',
      'referrals first_contact_date U89141 5 4',
      // every LSOA given is in IMD 2019, so the decile is known wherever the LSOA is
      'referrals imd_decile U02671 3 2',
      'referrals imd_decile U07032 4 3',
      'referrals imd_decile U89141 5 5',
      'referrals lsoa_code U02671 3 2',
      'referrals lsoa_code U07032 4 3',
      'referrals lsoa_code U89141 5 5',
      // S05; S04 blank, S07; S01, S02 (false is a value), S03, S06
      'support_offered taken_up U02671 1 1',
      'support_offered taken_up U07032 2 1',
      'support_offered taken_up U89141 4 4',
    ]);
  });
});
