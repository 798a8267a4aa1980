import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { deriveHealthcareUse } from '../../src/lib/server/datasets/healthcare-use.ts';
import { martRowIssues } from './mart-rows.ts';

/**
 * Health-care use by deprivation quintile and referral reason over a hand-worked gp_activity
 * extract and referral extract (GP appointments only; A&E and admissions 0). All at A81001 (PCN
 * U89141), index month 2024-04, windows −6…−1 and +1…+6 (the default).
 * - M1: referred P1 4 a month before, 2 after (change −2); comparison C1 2 then 1 (−1). P1's
 *   referral on the index date: LSOA E01012020 (IMD decile 1 → quintile 1), reasons loneliness
 *   and mental wellbeing. P1 also has an older referral (2023-01-10, LSOA E01000003, decile 5 →
 *   quintile 3, finance): not the one on the index date, so not used.
 * - M2: referred P2 3 then 3 (0); comparison C2 1 then 2 (+1). Referral: E01000002 (decile 10 →
 *   quintile 5), mental wellbeing.
 * - M4: referred P4 6 then 3 (−3); comparison C4 0 then 0 (0; one visit in the index month). No referral in the extract: unknown.
 * The comparison person is in the group of the referred person it is matched to (match_id).
 */
const ACTIVITY_HEADER =
  'person_pseudonym,practice_code,cohort,index_date,month,gp_appointments,ae_attendances,emergency_admissions,match_id';
const REFERRAL_HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
const REFERRALS = [
  'R000001,P1,A81001,2024-04-02,gp,loneliness_isolation;mental_wellbeing,871731000000106,2024-04-11,true,,,3,75-84,female,white,E01012020',
  'R000002,P2,A81001,2024-04-20,self,mental_wellbeing,871731000000106,2024-04-25,true,,,2,35-44,male,asian,E01000002',
  'R000009,P1,A81001,2023-01-10,gp,finance_debt,871731000000106,2023-01-20,true,2023-04-01,completed,4,75-84,female,white,E01000003',
];

const addMonths = (ym: string, k: number) => {
  const total = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + k;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};
const WINDOW = [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6];
const PEOPLE = [
  { id: 'P1', cohort: 'referred', index: '2024-04-02', match: 'M1', before: 4, after: 2 },
  { id: 'C1', cohort: 'comparison', index: '2024-04-02', match: 'M1', before: 2, after: 1 },
  { id: 'P2', cohort: 'referred', index: '2024-04-20', match: 'M2', before: 3, after: 3 },
  { id: 'C2', cohort: 'comparison', index: '2024-04-20', match: 'M2', before: 1, after: 2 },
  { id: 'P4', cohort: 'referred', index: '2024-04-05', match: 'M4', before: 6, after: 3 },
  { id: 'C4', cohort: 'comparison', index: '2024-04-05', match: 'M4', before: 0, after: 0 },
];

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-healthcare-use-by-group-'));
  const activity = PEOPLE.flatMap((p) =>
    WINDOW.map((m) => (m < 0 ? p.before : p.after))
      .map((n, i) => [WINDOW[i], n] as const)
      .filter(([, n]) => n > 0)
      .map(
        ([m, n]) =>
          `${p.id},A81001,${p.cohort},${p.index},${addMonths(p.index.slice(0, 7), m)},${n},0,0,${p.match}`,
      ),
  );
  // one row past +6 for someone, so the extracts reach the month the windows close in; C4's one
  // row is in the index month (outside both windows), so C4 is in the extract with a change of 0
  activity.push(
    'P1,A81001,referred,2024-04-02,2024-12,0,0,0,M1',
    'C4,A81001,comparison,2024-04-05,2024-04,1,0,0,M4',
  );
  await writeFile(join(dir, 'gp_activity_test.csv'), `${ACTIVITY_HEADER}\n${activity.join('\n')}\n`);
  await writeFile(join(dir, 'referrals_test.csv'), `${REFERRAL_HEADER}\n${REFERRALS.join('\n')}\n`);
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'healthcare-use-by-group.test' };
  await loadBundledReference(effects);
  const reports = await loadPaths(
    [join(dir, 'referrals_test.csv'), join(dir, 'gp_activity_test.csv')],
    effects,
  );
  expect(reports.map((r) => [r.extract, r.status, r.rowsRejected])).toEqual([
    ['referrals', 'loaded', 0],
    ['gp_activity', 'loaded', 0],
  ]);
  await build(db);
}, 120_000);

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

interface GroupRow {
  group_type: string;
  group_value: string;
  cohort: string;
  people: number;
  sum_change: number;
  sum_change_squares: number;
}

const gpRows = () =>
  db.all<GroupRow>(
    `select group_type, group_value, cohort, people, round(sum_change, 9) as sum_change,
            round(sum_change_squares, 9) as sum_change_squares
     from marts.healthcare_use_by_group
     where measure = 'gp_appointments' and month = DATE '2024-04-01' and pcn_code = 'U89141'
     order by group_type, group_value, cohort`,
  );
const row = (group_type: string, group_value: string, cohort: string, changes: number[]) => ({
  group_type,
  group_value,
  cohort,
  people: changes.length,
  sum_change: changes.reduce((s, x) => s + x, 0),
  sum_change_squares: changes.reduce((s, x) => s + x * x, 0),
});

describe('health-care use by group', () => {
  it('places each matched set in its referral’s deprivation quintile and reasons, the comparison with its referred person', async () => {
    expect(await gpRows()).toEqual([
      // quintile 1: P1 (−2) and C1 (−1); quintile 5: P2 (0) and C2 (+1); unknown: P4 (−3), C4 (0)
      row('imd_quintile', '1', 'comparison', [-1]),
      row('imd_quintile', '1', 'referred', [-2]),
      row('imd_quintile', '5', 'comparison', [1]),
      row('imd_quintile', '5', 'referred', [0]),
      row('imd_quintile', 'unknown', 'comparison', [0]),
      row('imd_quintile', 'unknown', 'referred', [-3]),
      // reasons overlap: P1 gives two, so M1 is in both loneliness and mental wellbeing
      row('referral_reason', 'loneliness_isolation', 'comparison', [-1]),
      row('referral_reason', 'loneliness_isolation', 'referred', [-2]),
      row('referral_reason', 'mental_wellbeing', 'comparison', [-1, 1]),
      row('referral_reason', 'mental_wellbeing', 'referred', [-2, 0]),
      row('referral_reason', 'unknown', 'comparison', [0]),
      row('referral_reason', 'unknown', 'referred', [-3]),
    ]);
    // P1's older referral (quintile 3, finance) is not the index date's: no such group
    const other = await db.all(
      `select * from marts.healthcare_use_by_group where group_value in ('3', 'finance_debt')`,
    );
    expect(other).toEqual([]);
  });

  it('give the same people and sums per quintile as the whole, quintiles being a partition', async () => {
    const whole = await db.all<{ cohort: string; people: number; s: number }>(
      `select cohort, people, round(sum_change, 9) as s from marts.healthcare_use
       where measure = 'gp_appointments' order by cohort`,
    );
    const quintiles = await db.all<{ cohort: string; people: number; s: number }>(
      `select cohort, sum(people)::INTEGER as people, round(sum(sum_change), 9) as s
       from marts.healthcare_use_by_group
       where measure = 'gp_appointments' and group_type = 'imd_quintile'
       group by cohort order by cohort`,
    );
    expect(quintiles).toEqual(whole);
    expect(whole).toEqual([
      { cohort: 'comparison', people: 3, s: 0 },
      { cohort: 'referred', people: 3, s: -5 },
    ]);
  });

  // By hand, mental wellbeing: referred changes −2 and 0 (mean −1, s² 2), comparison −1 and +1
  // (mean 0, s² 2): −1 a month, −3 per person per quarter; Welch SE √(2/2 + 2/2) = √2, df
  // (1 + 1)² / (1/1 + 1/1) = 2, t₀.₉₇₅,₂ = 4.302653: −1 ± 6.084988 a month, × 3 a quarter. The
  // derivation the dataset uses, from the mart's sums as the dataset reads them (n shown = 2 here;
  // 8 is the least shown, so this checks the arithmetic with the least-people rule set aside).
  it('give the difference-in-differences of a group as worked by hand', async () => {
    const rows = (await gpRows()).filter((r) => r.group_value === 'mental_wellbeing');
    const of = (cohort: string) => {
      const r = rows.find((x) => x.cohort === cohort)!;
      const mean = r.sum_change / r.people;
      const sd = Math.sqrt((r.sum_change_squares - r.people * mean * mean) / (r.people - 1));
      return { mean, sd, n: r.people };
    };
    const referred = of('referred');
    const comparison = of('comparison');
    expect(referred.mean).toBe(-1);
    expect(comparison.mean).toBe(0);
    expect(referred.sd ** 2).toBeCloseTo(2, 12);
    expect(comparison.sd ** 2).toBeCloseTo(2, 12);
    const previous = process.env.SPO_DISCLOSURE_MIN_N;
    process.env.SPO_DISCLOSURE_MIN_N = '2';
    try {
      const d = deriveHealthcareUse({
        mean_change_referred: referred.mean,
        sd_change_referred: referred.sd,
        people_referred: referred.n,
        mean_change_comparison: comparison.mean,
        sd_change_comparison: comparison.sd,
        people_comparison: comparison.n,
      });
      expect(d.did_per_person_per_quarter).toBeCloseTo(-3, 9);
      expect(d.lower).toBeCloseTo(3 * (-1 - 4.302653 * Math.SQRT2), 4);
      expect(d.upper).toBeCloseTo(3 * (-1 + 4.302653 * Math.SQRT2), 4);
      // uncontrolled: −1 a month, −3 a quarter
      expect(d.naive_per_person_per_quarter).toBeCloseTo(-3, 9);
    } finally {
      if (previous === undefined) delete process.env.SPO_DISCLOSURE_MIN_N;
      else process.env.SPO_DISCLOSURE_MIN_N = previous;
    }
  });

  it('hold rows the dashboard receives as the contract says', async () => {
    const { issues, empty } = await martRowIssues(db.path);
    expect(issues.healthcare_use_by_group ?? [], 'healthcare_use_by_group').toEqual([]);
    expect(empty).not.toContain('healthcare_use_by_group');
  });
});
