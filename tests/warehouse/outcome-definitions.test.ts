import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { FOLLOW_UP_WINDOW } from '../../src/lib/outcomes/follow-up-window.ts';
import { martRowIssues } from './mart-rows.ts';

/**
 * The definitions of issue 12 (pairing window, one cohort for outcomes and completeness, paired
 * loneliness, the pathway with blank optional fields, waits with people still waiting, distinct
 * people) built over the hand-worked fixtures in tests/fixtures/outcomes (see its README). Every
 * expected value is worked out by hand in the comments; data date 2025-03-31.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures/outcomes');

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-outcome-definitions-'));
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'outcome-definitions.test' };
  await loadBundledReference(effects);
  const reports = await loadPaths([FIXTURES], effects);
  expect(reports.filter((r) => r.status !== 'loaded')).toEqual([]);
  await build(db);
});

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the outcome marts', () => {
  it('hold rows the dashboard receives as their contracts say (the derived row types hold)', async () => {
    const { issues, empty } = await martRowIssues(db.path);
    expect(issues).toEqual({});
    expect(empty).not.toContain('outcome_pairs');
    expect(empty).not.toContain('loneliness_paired');
  });
});

const lines = (rows: Record<string, unknown>[]) => rows.map((r) => Object.values(r).join(' '));

describe('the follow-up window', () => {
  it('is the same setting in the warehouse and on the pages', async () => {
    expect(
      await db.one(`select target_days, earliest_days, latest_days from intermediate.int_follow_up_window`),
    ).toEqual({
      target_days: FOLLOW_UP_WINDOW.targetDays,
      earliest_days: FOLLOW_UP_WINDOW.earliestDays,
      latest_days: FOLLOW_UP_WINDOW.latestDays,
    });
  });

  it('the data date is the latest event in the extracts', async () => {
    expect(await db.one(`select data_date from intermediate.int_data_date`)).toEqual({
      data_date: '2025-03-31',
    });
  });

  it('pairs the follow-up nearest 12 weeks within 6–26 weeks, not the last one', async () => {
    const rows = await db.all(
      `select referral_id, score_before, score_after, follow_up_date, is_paired, has_follow_up_outside_window,
              is_window_closed
       from intermediate.int_outcome_pairs where instrument = 'UCLA3' order by referral_id`,
    );
    expect(lines(rows)).toEqual([
      // Q01 baseline 04-03 (7); follow-ups at 28 days (9: before the window), 84 days (4: the
      // target) and 175 days (8: in the window, further from 84): the 84-day one
      'Q01 7 4 2024-06-26 true true true',
      'Q02 6 6 2024-07-04 true false true', // 91 days
      'Q03 3 7 2024-06-21 true false true', // 77 days
      'Q04 8   false true true', // its one follow-up is 14 days after baseline: not paired
      // baseline 2025-03-20: the window closes 182 days later, after the data date
      'Q08 9   false false false',
    ]);
  });
});

describe('one cohort for the outcome figures and their completeness', () => {
  it('outcome_pairs holds the pairs of baselines whose window has closed, by baseline month', async () => {
    const rows = await db.all(
      `select month, pcn_code, instrument, score_before, score_after, people
       from marts.outcome_pairs order by month, score_before`,
    );
    expect(lines(rows)).toEqual([
      '2024-04-01 U89141 UCLA3 3 7 1', // Q03
      '2024-04-01 U89141 UCLA3 6 6 1', // Q02
      '2024-04-01 U89141 UCLA3 7 4 1', // Q01 (the old rule paired 7 with the last follow-up, 8)
    ]);
  });

  it('completeness = paired / referrals whose follow-up window has closed', async () => {
    const rows = await db.all(
      `select month, pcn_code, instrument, with_baseline, follow_up_due, paired
       from marts.outcome_completeness order by month`,
    );
    expect(lines(rows)).toEqual([
      // Q01–Q04 have a baseline, every window closed by 2025-03-31; Q04's only follow-up is out
      // of the window, so 3 of 4 are paired (75%; the old rule paired Q04 too: 4 of 4)
      '2024-04-01 U89141 UCLA3 4 4 3',
      // Q08's window is still open: a baseline, not yet due, not in the outcome figures
      '2025-03-01 U07032 UCLA3 1 0 0',
    ]);
  });
});

describe('loneliness on the same people', () => {
  it('counts lonely at baseline and at follow-up among the people paired', async () => {
    expect(
      await db.all(
        `select instrument, sum(people)::INTEGER as people, sum(lonely_before)::INTEGER as lonely_before,
                sum(lonely_after)::INTEGER as lonely_after, sum(no_longer_lonely)::INTEGER as no_longer_lonely,
                sum(newly_lonely)::INTEGER as newly_lonely
         from marts.loneliness_paired group by instrument`,
      ),
    ).toEqual([
      // Q01 7 → 4 (no longer lonely), Q02 6 → 6 (lonely both times), Q03 3 → 7 (newly lonely):
      // 2 of 3 lonely at baseline and 2 of 3 at follow-up
      {
        instrument: 'UCLA3',
        people: 3,
        lonely_before: 2,
        lonely_after: 2,
        no_longer_lonely: 1,
        newly_lonely: 1,
      },
    ]);
    // the unpaired view compares different people: 4 of 5 baselines lonely (Q01, Q02, Q04, Q08;
    // not Q03) and 4 of 6 follow-up forms (Q01 9, 8; Q02 6; Q03 7; not Q01 4 or Q04 3)
    expect(
      await db.all(
        `select stage, sum(assessed)::INTEGER as assessed, sum(lonely)::INTEGER as lonely
         from marts.loneliness group by stage order by stage`,
      ),
    ).toEqual([
      { stage: 'baseline', assessed: 5, lonely: 4 },
      { stage: 'follow_up', assessed: 6, lonely: 4 },
    ]);
  });
});

describe('the referral pathway', () => {
  it('reads a blank care-plan field as not recorded, not as "no plan"', async () => {
    const rows = await db.all(
      `select month, pcn_code, referred, accepted, contacted, plan_agreed, linked_to_activity,
              took_up_activity, follow_up_recorded
       from marts.referral_funnel order by month, pcn_code desc`,
    );
    expect(lines(rows)).toEqual([
      // U89141, April: Q01–Q05 accepted and contacted. Plan: Q01 and Q04 recorded agreed, Q02 blank
      // but offered support (T02); not Q03 (blank, nothing after) nor Q05 (recorded no) = 3.
      // Linked: Q01, Q02, Q05 = 3 (Q05 without a plan); took up: Q01, Q02 = 2; follow-up
      // recorded: Q01–Q04 = 4 (Q03 and Q04 took up nothing). The old funnel: 5 5 5 2 1 1 1.
      '2024-04-01 U89141 5 5 5 3 3 2 4',
      // U07032, April: Q06 waiting, Q07 declined, Q10 ended without contact
      '2024-04-01 U07032 3 2 0 0 0 0 0',
      // March 2025: Q08 contacted with a plan; Q09 not yet contacted
      '2025-03-01 U07032 2 2 1 1 0 0 0',
    ]);
  });
});

describe('waits', () => {
  it('include the people still waiting at the data date', async () => {
    const rows = await db.all(
      `select month, pcn_code, status, wait_band, is_older_than_28_days, referrals
       from marts.referral_waits order by month, pcn_code desc, status, wait_band_order`,
    );
    expect(lines(rows)).toEqual([
      // Q01–Q04 contacted 2 days after referral, Q05 11 days
      '2024-04-01 U89141 contacted 0-7 true 4',
      '2024-04-01 U89141 contacted 8-14 true 1',
      // Q06 never contacted, episode open: 355 days (2024-04-10 → 2025-03-31) so far. Q10's
      // episode ended without a contact: no wait. Q07 declined.
      '2024-04-01 U07032 still_waiting 57+ true 1',
      // Q08 10 days (referred 21 days before the data date); Q09 referred on the data date
      '2025-03-01 U07032 contacted 8-14 false 1',
      '2025-03-01 U07032 still_waiting 0-7 false 1',
    ]);
  });
});

describe('people referred', () => {
  it('counts distinct people at each level and period, episodes beside them', async () => {
    const rows = await db.all(
      `select period_type, period_start, area_level, area_code, people, referrals
       from marts.people_referred
       where area_level in ('E', 'PCN', 'ICB') order by period_type, period_start, area_level, area_code`,
    );
    expect(lines(rows)).toEqual([
      // 2024-25: ten referrals of nine people (P01 twice); both PCNs are in ICB QHM
      'financial_year 2024-04-01 E E 9 10',
      'financial_year 2024-04-01 ICB QHM 9 10',
      'financial_year 2024-04-01 PCN U07032 5 5',
      'financial_year 2024-04-01 PCN U89141 4 5',
      // April 2024: Q01–Q07 and Q10, P01 twice
      'month 2024-04-01 E E 7 8',
      'month 2024-04-01 ICB QHM 7 8',
      'month 2024-04-01 PCN U07032 3 3',
      'month 2024-04-01 PCN U89141 4 5',
      'month 2025-03-01 E E 2 2',
      'month 2025-03-01 ICB QHM 2 2',
      'month 2025-03-01 PCN U07032 2 2',
    ]);
  });
});
