import { describe, expect, it } from 'vitest';
import { financialYearStart, monthPredicate, pcnPredicate } from '../../pipelines/model/affected-months.ts';
import type { MonthlySpec } from '../../warehouse/define-model.ts';

const spec = (financialYears = false): MonthlySpec => ({
  key: 'month',
  column: 'period_start',
  keyedInputs: ['intermediate.int_referrals'],
  months: { 'intermediate.int_referrals': 'referral_month' },
  financialYears,
});

describe('the months a mart kept by month rebuilds', () => {
  it('puts January to March in the financial year that began the April before', () => {
    expect(financialYearStart('2025-03-01')).toBe('2024-04-01');
    expect(financialYearStart('2025-01-01')).toBe('2024-04-01');
    expect(financialYearStart('2025-04-01')).toBe('2025-04-01');
    expect(financialYearStart('2024-12-01')).toBe('2024-04-01');
  });

  it('selects the months, and their financial years when the column holds those too', () => {
    expect(monthPredicate(spec(), ['2025-03-01', '2024-05-01'])).toBe(
      "period_start in (DATE '2024-05-01', DATE '2025-03-01')",
    );
    expect(monthPredicate(spec(true), ['2025-03-01', '2024-05-01', '2025-04-01'])).toBe(
      "period_start in (DATE '2024-04-01', DATE '2024-05-01', DATE '2025-03-01', DATE '2025-04-01')",
    );
  });

  it('selects nothing when no month is affected, and refuses a date that is not a month', () => {
    expect(monthPredicate(spec(true), [])).toBe('false');
    expect(() => monthPredicate(spec(), ['2025-03-15'])).toThrow(/2025-03-15 is not the first of a month/);
  });

  it('keeps a mart by month and PCN to the affected PCNs, and the rows of no PCN when a referral had none', () => {
    expect(monthPredicate(spec(), ['2025-03-01'], { pcns: ['U00001', 'U00002'], none: false })).toBe(
      "period_start in (DATE '2025-03-01') and pcn_code in ('U00001', 'U00002')",
    );
    expect(pcnPredicate(['U00001'], true)).toBe("(pcn_code in ('U00001') or pcn_code is null)");
    expect(pcnPredicate([], true)).toBe('(false or pcn_code is null)');
    expect(() => pcnPredicate(["U1' or true --"], false)).toThrow(/is not a PCN code/);
  });
});
