import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';

/**
 * The support-vs-needs indicator (docs/methods.md), worked by hand from the model fixtures in
 * tests/fixtures/extracts and the need → activity map in docs/models.md. Practices: A81001 →
 * U89141, A81002 → U07032, A81004 → U02671. R04 was delivered twice (the May delivery is kept; its
 * referral month is still April). A blank taken_up is not known to be taken up.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures/extracts');

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-support-'));
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'support-vs-needs.test' };
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
