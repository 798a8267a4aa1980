import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../pipelines/db/database.ts';
import { migrate } from '../../pipelines/db/migrate.ts';
import { loadBundledReference, loadPaths } from '../../pipelines/load/load-paths.ts';
import { build } from '../../pipelines/model/build.ts';
import { bindParams } from '../../pipelines/model/model-params.ts';
import {
  differenceInDifferences,
  personChange,
  type ChangeSummary,
} from '../../src/lib/stats/difference-in-differences.ts';
import { martRowIssues } from './mart-rows.ts';

/**
 * The health-care use models over a hand-worked gp_activity extract (GP appointments only; A&E
 * and admissions are 0). A81001 → PCN U89141, A81002 → U07032. Index month 2024-04 unless said.
 * - M1: referred P1 4 a month in −6…−1, 2 a month in +1…+6 (change −2); comparison C1 2 then 1 (−1).
 * - M2: referred P2 3 then 3 (0), with 20 in the index month and 9 in −7 (both outside the
 *   windows); comparison C2 1 then 2 in +1…+5 and no row for +6 (10/6 − 1 = +2/3).
 * - M3: referred P3 at A81002, index 2025-01: its after window ends 2025-07, after the last month
 *   held (2025-04, P1's +12): not in the estimate; in the event study up to +3.
 * - M9: a comparison C9 whose referred person is not in the extract: placed nowhere, left out.
 */
const HEADER =
  'person_pseudonym,practice_code,cohort,index_date,month,gp_appointments,ae_attendances,emergency_admissions,match_id';

const addMonths = (ym: string, k: number) => {
  const total = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + k;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

interface Person {
  id: string;
  practice: string;
  cohort: string;
  index: string;
  match: string;
  gp: Record<number, number>;
}
const flat = (before: number, after: number, omit: number[] = []) =>
  Object.fromEntries(
    [-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]
      .filter((m) => !omit.includes(m))
      .map((m) => [m, m < 0 ? before : after]),
  );
const PEOPLE: Person[] = [
  {
    id: 'P1',
    practice: 'A81001',
    cohort: 'referred',
    index: '2024-04-02',
    match: 'M1',
    gp: { ...flat(4, 2), 12: 1 },
  },
  { id: 'C1', practice: 'A81001', cohort: 'comparison', index: '2024-04-02', match: 'M1', gp: flat(2, 1) },
  {
    id: 'P2',
    practice: 'A81001',
    cohort: 'referred',
    index: '2024-04-20',
    match: 'M2',
    gp: { ...flat(3, 3), 0: 20, [-7]: 9 },
  },
  {
    id: 'C2',
    practice: 'A81001',
    cohort: 'comparison',
    index: '2024-04-20',
    match: 'M2',
    gp: flat(1, 2, [6]),
  },
  {
    id: 'P3',
    practice: 'A81002',
    cohort: 'referred',
    index: '2025-01-10',
    match: 'M3',
    gp: { [-1]: 5, 1: 1 },
  },
  { id: 'C9', practice: 'A81001', cohort: 'comparison', index: '2024-04-02', match: 'M9', gp: flat(5, 0) },
];

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-healthcare-use-'));
  const lines = PEOPLE.flatMap((p) =>
    Object.entries(p.gp).map(
      ([m, n]) =>
        `${p.id},${p.practice},${p.cohort},${p.index},${addMonths(p.index.slice(0, 7), Number(m))},${n},0,0,${p.match}`,
    ),
  );
  await writeFile(join(dir, 'gp_activity_test.csv'), `${HEADER}\n${lines.join('\n')}\n`);
  db = await openDatabase(join(dir, 'warehouse.duckdb'), { threads: 2 });
  await migrate(db);
  const effects = { db, runBy: 'healthcare-use.test' };
  await loadBundledReference(effects);
  const reports = await loadPaths([join(dir, 'gp_activity_test.csv')], effects);
  expect(reports.map((r) => [r.status, r.rowsRejected])).toEqual([['loaded', 0]]);
  await build(db);
});

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('health-care use models', () => {
  it('compute each person’s change as personChange does (windows −6…−1 and +1…+6, index month out)', async () => {
    const rows = await db.all<{ person_pseudonym: string; change: number }>(
      `select person_pseudonym, change from intermediate.int_activity_people where measure = 'gp_appointments'`,
    );
    const expected = PEOPLE.filter((p) => p.match !== 'M9').map((p) => [
      p.id,
      personChange(new Map(Object.entries(p.gp).map(([m, n]) => [Number(m), n]))),
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.person_pseudonym, r.change]))).toEqual(
      Object.fromEntries(expected),
    );
    // by hand: −2, −1, 0, +2/3, and P3's 1/6 − 5/6
    expect(rows.find((r) => r.person_pseudonym === 'C2')!.change).toBeCloseTo(2 / 3, 12);
  });

  it('sum the closed windows per index month, PCN, cohort and measure', async () => {
    const rows = await db.all(
      `select month, pcn_code, cohort, measure, people, round(sum_change, 9) as sum_change,
              round(sum_change_squares, 9) as sum_change_squares
       from marts.healthcare_use order by measure, cohort`,
    );
    const zero = (cohort: string, measure: string) => ({
      month: '2024-04-01',
      pcn_code: 'U89141',
      cohort,
      measure,
      people: 2,
      sum_change: 0,
      sum_change_squares: 0,
    });
    expect(rows).toEqual([
      zero('comparison', 'ae_attendances'),
      zero('referred', 'ae_attendances'),
      zero('comparison', 'emergency_admissions'),
      zero('referred', 'emergency_admissions'),
      // −1 + 2/3 = −1/3; 1 + 4/9 = 13/9
      { ...zero('comparison', 'gp_appointments'), sum_change: -0.333333333, sum_change_squares: 1.444444444 },
      { ...zero('referred', 'gp_appointments'), sum_change: -2, sum_change_squares: 4 },
    ]);
  });

  it('hold the event study for every month the extracts reach', async () => {
    const at = (pcn: string, cohort: string, m: number) =>
      db.one<{ people: number; events: number }>(
        `select people, events from marts.healthcare_use_monthly
         where pcn_code = ? and cohort = ? and measure = 'gp_appointments' and relative_month = ?`,
        [pcn, cohort, m],
      );
    expect(await at('U89141', 'referred', -6)).toEqual({ people: 2, events: 7 });
    expect(await at('U89141', 'referred', 0)).toEqual({ people: 2, events: 20 });
    expect(await at('U89141', 'referred', -7)).toEqual({ people: 2, events: 9 });
    expect(await at('U89141', 'comparison', 6)).toEqual({ people: 2, events: 1 });
    expect(await at('U89141', 'referred', 12)).toEqual({ people: 2, events: 1 });
    expect(await at('U07032', 'referred', 3)).toEqual({ people: 1, events: 0 });
    expect(await at('U07032', 'referred', 4)).toBeUndefined();
  });

  it('hold rows the dashboard receives as their contracts say', async () => {
    const { issues, empty } = await martRowIssues(db.path);
    expect(issues.healthcare_use ?? [], 'healthcare_use').toEqual([]);
    expect(issues.healthcare_use_monthly ?? [], 'healthcare_use_monthly').toEqual([]);
    expect(empty).not.toContain('healthcare_use');
    expect(empty).not.toContain('healthcare_use_monthly');
  });

  // Last: rebuilds the warehouse with another window. By hand, GP appointments, w = 6 (the
  // default, built above): referred changes −2 and 0 (mean −1), comparison −1 and +2/3 (mean
  // −1/6): −5/6 a month, −2.5 per person per quarter. w = 4 (months −4…−1 and +1…+4): C2's after
  // window is +1…+4 at 2 a month, change +1, so the comparison's mean is 0 and the estimate −1 a
  // month, −3 a quarter. P3's +4 (2025-05) is past the last month held: still not in.
  it('take the window from SPO_HCU_WINDOW_MONTHS, and another window changes the estimate as worked by hand', async () => {
    const estimate = async () => {
      const rows = await db.all<{ cohort: string; people: number; s: number; ss: number; w: number }>(
        `select cohort, sum(people)::INTEGER as people, sum(sum_change) as s,
                sum(sum_change_squares) as ss, max(window_months) as w
         from marts.healthcare_use where measure = 'gp_appointments' group by cohort`,
      );
      const of = (c: string): ChangeSummary => {
        const r = rows.find((x) => x.cohort === c)!;
        return { n: r.people, sum: r.s, sumSquares: r.ss };
      };
      const did = differenceInDifferences(of('referred'), of('comparison'))!;
      return { perQuarter: did.estimate * 3, window: rows[0]!.w, referred: of('referred').n };
    };
    const atDefault = await estimate();
    expect(atDefault.window).toBe(6);
    expect(atDefault.perQuarter).toBeCloseTo(-2.5, 9);

    const before = process.env.SPO_HCU_WINDOW_MONTHS;
    process.env.SPO_HCU_WINDOW_MONTHS = '4';
    try {
      await build(db);
    } finally {
      if (before === undefined) delete process.env.SPO_HCU_WINDOW_MONTHS;
      else process.env.SPO_HCU_WINDOW_MONTHS = before;
    }
    const atFour = await estimate();
    expect(atFour).toEqual({ perQuarter: expect.closeTo(-3, 9) as number, window: 4, referred: 2 });
    // the person-level changes still agree with personChange over the same window
    const c2 = await db.one<{ change: number }>(
      `select change from intermediate.int_activity_people
       where person_pseudonym = 'C2' and measure = 'gp_appointments'`,
    );
    const C2 = PEOPLE.find((p) => p.id === 'C2')!;
    const windows = { before: [-4, -1], after: [1, 4] } as const;
    expect(c2!.change).toBeCloseTo(
      personChange(new Map(Object.entries(C2.gp).map(([m, n]) => [Number(m), n])), windows),
      12,
    );
    expect(c2!.change).toBeCloseTo(1, 12);
  });

  it('refuse a model reading a setting there is none of, naming it', () => {
    expect(() =>
      bindParams('intermediate.x', 'select {{hcu_window_month}}', { hcu_window_months: 6 }),
    ).toThrow('model intermediate.x reads an unknown setting {{hcu_window_month}}');
  });
});
