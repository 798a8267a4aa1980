/**
 * The release rule of issue 11, on hand-worked examples: protected inputs first, values rounded
 * to what the page shows, 0 %/100 % on small bases withheld, and the unprotected control run.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cellText } from '../../../src/lib/format/cells.ts';
import { scopeFor } from '../../../src/lib/server/auth/scope.ts';
import { CATALOGUE } from '../../../src/lib/server/catalogue.ts';
import type { Column, Context, Dataset, Row } from '../../../src/lib/server/dataset.ts';
import { disclose } from '../../../src/lib/server/release/disclose.ts';
import { release } from '../../../src/lib/server/release/release.ts';
import { roundValue } from '../../../src/lib/server/release/round-value.ts';
import { disclosureSettings } from '../../../src/lib/server/release/settings.ts';

const admin = scopeFor({ name: 'a', role: 'admin', icbs: [] });
const ctx = null as unknown as Context;

afterEach(() => vi.unstubAllEnvs());

/** One instrument's row as the outcomes query gives it for one cell: statistics from every pair. */
const outcomeRow = (n: number, improved: number): Row => ({
  instrument: 'PAM',
  measure: 'total',
  higher_is_better: true,
  n,
  improved,
  mean_before: 55.123456,
  mean_after: 60.98765,
  mean_change: 5.864194,
  sd_change: 7.218843, // d_z 0.812345 = 5.864194 / 7.218843
  effect_size: 0.812345,
  // what the query computed from the raw pairs before issue 11 (it no longer sends this)
  share_improved: improved / n,
});

describe('protected inputs first', () => {
  it('outcomes: the share improved is the protected improved count over the protected n', () => {
    // 31 paired, 22 improved: n shows 30 (31 → 30), improved is protected as 20 (22 → 20), so the
    // share is 20/30 = 66.67 %, rounded to the page's 0 percent digits → 0.67. The raw 22/31 =
    // 0.7097 would let a reader find n = 31 from "30" and 71 %.
    const { rows } = release(CATALOGUE.outcomes, [outcomeRow(31, 22)], ctx, admin);
    expect(rows[0].n).toBe(30);
    expect(rows[0].share_improved).toBe(0.67);
    expect(rows[0].improved).toBe(20); // the numerator leaves only as protected
  });

  it('outcomes: the interval of the mean change is computed with the n shown, not the raw n', () => {
    // 31 paired shows as 30: 5.864194 ± t(0.975, 29) × 7.218843 / √30 = 5.864194 ± 2.0452296 ×
    // 1.3179822 = 3.17 to 8.56 (1 decimal: 3.2 to 8.6). With the raw 31 the half-width would be
    // 2.0422725 × 1.2965436 = 2.648 and give n = 31 back.
    const { rows } = release(CATALOGUE.outcomes, [outcomeRow(31, 22)], ctx, admin);
    expect(rows[0]).toMatchObject({ lower: 3.2, upper: 8.6 });
    expect(rows[0]).not.toHaveProperty('sd_change'); // an input of the interval, not released
  });

  it('the issue’s PAM example: 28 improved of 31 is 30/30, not 28/31 = 0.9032', () => {
    vi.stubEnv('SPO_DISCLOSURE_EXTREME_MIN_N', '0'); // the 0/100 % rule apart (tested below)
    const { rows } = release(CATALOGUE.outcomes, [outcomeRow(31, 28)], ctx, admin);
    expect(rows[0]).toMatchObject({ n: 30, share_improved: 1 });
  });

  it('outcomes by group and loneliness change share the rule', () => {
    const row = { ...outcomeRow(31, 22), dimension: 'Sex', group: 'female' };
    expect(release(CATALOGUE['outcomes-by-group'], [row], ctx, admin).rows[0].share_improved).toBe(0.67);
    const lonely = { ...outcomeRow(31, 22), instrument: 'UCLA3' };
    expect(release(CATALOGUE['loneliness-change'], [lonely], ctx, admin).rows[0].share_improved).toBe(0.67);
  });

  it('capacity by PCN: referrals per FTE from the protected referral count', () => {
    // 69 referrals in 12 months, 0.5 FTE: shown 70, so 140 per FTE (the mart's 138 × 0.5 gave 69 back)
    const raw = {
      pcn_code: 'U00001',
      pcn_name: 'A PCN',
      month: '2025-03-01',
      headcount: 1,
      fte: 0.5,
      registered_patients: 30000,
      fte_per_50k: 0.83,
      referrals_12m: 69,
      referral_months: 12,
      referrals_per_fte: 138,
    };
    const { rows } = release(CATALOGUE['capacity-by-pcn'], [raw], ctx, admin);
    expect(rows[0]).toMatchObject({ referrals_12m: 70, referrals_per_fte: 140 });
  });
});

describe('values rounded on the server to the digits shown', () => {
  it('means and intervals to 1 place, effect sizes to 2; percent shares to 2 + their digits', () => {
    // interval: 5.864194 ± t(0.975, 99) × 7.218843 / 10 = 5.864194 ± 1.4323673 = 4.43 to 7.30
    const { rows } = release(CATALOGUE.outcomes, [outcomeRow(100, 61)], ctx, admin);
    expect(rows[0]).toMatchObject({
      mean_before: 55.1,
      mean_after: 61,
      mean_change: 5.9,
      lower: 4.4,
      upper: 7.3,
      effect_size: 0.81,
      share_improved: 0.6, // 60/100: 61 → 60
    });
  });

  it('rounds as the page’s Intl formatter does, halves away from zero', () => {
    expect(roundValue(2.565, 2)).toBe(2.57); // toFixed would give 2.56
    expect(roundValue(-1.005, 2)).toBe(-1.01); // as the page shows it (half away from zero)
    expect(roundValue(0.93333, 0, true)).toBe(0.93);
    expect(roundValue(0.12345, 1, true)).toBe(0.123);
    expect(roundValue(-0.0001, 2)).toBe(0); // never -0
  });

  it('the page shows the rounded value exactly as it would have shown the raw one', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const digits = i % 4;
      const percent = i % 3 === 0;
      const v = percent ? rand() : (rand() - 0.5) * 10 ** (i % 6);
      const c = { key: 'v', label: 'V', kind: 'value', digits, percent };
      const r = roundValue(v, digits, percent);
      // (the page wrote a value that rounds to zero from below as "-0"; the server sends 0)
      const unsigned = (t: string) => t.replace(/^-(0(\.0+)?)$/, '$1');
      expect(cellText(c, r), `${v}`).toBe(unsigned(cellText(c, v)));
      // and carries no more places than shown: nothing finer leaves the server
      expect(
        Math.abs(r * 10 ** (digits + (percent ? 2 : 0)) - Math.round(r * 10 ** (digits + (percent ? 2 : 0)))),
        `${v}`,
      ).toBeLessThan(1e-6);
    }
  });

  it('every value column must say its digits (a type error otherwise)', () => {
    // @ts-expect-error digits is required on a value column
    const c: Column = { key: 'v', label: 'V', kind: 'value' };
    expect(c.kind).toBe('value');
  });
});

describe('0 % and 100 % on small bases (attribute disclosure)', () => {
  const loneliness = CATALOGUE.loneliness;
  const row = (assessed: number, lonely: number) => ({
    instrument: 'UCLA3',
    stage: 'baseline',
    assessed,
    lonely,
  });

  it('withholds a 0 % share on a base under 50 with its numerator and interval', () => {
    const { rows } = release(loneliness, [row(40, 0)], ctx, admin);
    expect(rows[0]).toMatchObject({ assessed: 40, lonely: null, share: null, lower: null, upper: null });
  });

  it('withholds 100 % on a small base (after rounding: 28 of 31 is 30/30)', () => {
    const { rows } = release(loneliness, [row(31, 28)], ctx, admin);
    expect(rows[0]).toMatchObject({ assessed: 30, lonely: null, share: null });
  });

  it('shows 0 % on a base of 50 or more, and any other share on a small base', () => {
    expect(release(loneliness, [row(50, 0)], ctx, admin).rows[0]).toMatchObject({ lonely: 0, share: 0 });
    expect(release(loneliness, [row(40, 10)], ctx, admin).rows[0]).toMatchObject({ lonely: 10, share: 0.25 });
  });

  it('SPO_DISCLOSURE_EXTREME_MIN_N sets the base', () => {
    vi.stubEnv('SPO_DISCLOSURE_EXTREME_MIN_N', '20');
    expect(release(loneliness, [row(40, 0)], ctx, admin).rows[0].share).toBe(0);
  });
});

describe('the unprotected control run (SPO_DISCLOSURE_UNPROTECTED=1)', () => {
  it('is read with the other settings, and refuses any value but 1', () => {
    expect(disclosureSettings().unprotected).toBe(false);
    vi.stubEnv('SPO_DISCLOSURE_UNPROTECTED', '1');
    expect(disclosureSettings().unprotected).toBe(true);
    vi.stubEnv('SPO_DISCLOSURE_UNPROTECTED', 'yes');
    expect(() => disclosureSettings()).toThrow(/SPO_DISCLOSURE_UNPROTECTED.*yes/);
  });

  it('behaves as before issue 11: shares from raw counts, values unrounded, no 0/100 % rule', () => {
    vi.stubEnv('SPO_DISCLOSURE_UNPROTECTED', '1');
    const { rows } = release(CATALOGUE.outcomes, [outcomeRow(31, 28)], ctx, admin);
    expect(rows[0]).toMatchObject({ n: 30, share_improved: 28 / 31, mean_before: 55.123456 });
    // and the interval from the raw n, 31, as before
    expect(rows[0].upper).toBeCloseTo(5.864194 + 2.0422725 * (7.218843 / Math.sqrt(31)), 5);
    const lonely = release(
      CATALOGUE.loneliness,
      [{ instrument: 'UCLA3', stage: 'baseline', assessed: 40, lonely: 0 }],
      ctx,
      admin,
    );
    expect(lonely.rows[0]).toMatchObject({ lonely: 0, share: 0 });
  });
});

describe('the total row', () => {
  it('is the sum of the protected group rows, and shares rest on it', () => {
    const d: Dataset = {
      ...CATALOGUE['referrals-by-route'],
      cells: undefined,
    };
    const { rows } = disclose(
      d,
      [
        { group: 'gp', referrals: 23 },
        { group: 'self', referrals: 12 },
        { group: 'other', referrals: 3 },
      ],
      ctx,
    );
    // 25 + 10 + suppressed = 35, not protect(38) = 40
    expect(rows.at(-1)).toMatchObject({ group: 'Total', referrals: 35, share: 1 });
    expect(rows[0].share).toBe(0.714); // 25/35 = 71.43 % at 1 percent digit
  });
});

describe('the order of released rows', () => {
  it('follows the counts as shown, so it never ranks two hidden counts (dq-rejects listed by raw rows)', () => {
    // 6 and 3 rejected rows are both suppressed: ordered by their raw counts the list put the 6
    // first and said which hidden count was larger; 12 and 11 both show as 10
    const raw = [
      { extract_id: 'referrals', column_name: 'a', reason: 'r', rows: 3 },
      { extract_id: 'referrals', column_name: 'b', reason: 'r', rows: 6 },
      { extract_id: 'referrals', column_name: 'c', reason: 'r', rows: 11 },
      { extract_id: 'referrals', column_name: 'd', reason: 'r', rows: 12 },
      { extract_id: 'referrals', column_name: 'e', reason: 'r', rows: 100 },
    ];
    for (const input of [raw, [...raw].reverse()]) {
      const { rows } = release(CATALOGUE['dq-rejects'], input, ctx, admin);
      expect(rows.map((r) => [r.column_name, r.rows])).toEqual([
        ['e', 100],
        ['c', 10],
        ['d', 10],
        ['a', null],
        ['b', null],
      ]);
    }
  });
});
