import { describe, expect, it } from 'vitest';
import { behindTrajectory, waitsOver } from '../../src/lib/alerts.ts';

const row = (o: Record<string, string | number | null>) => ({
  level: 'ICB',
  code: 'QHM',
  name: 'North East',
  last_month: '2025-03',
  fte: 80,
  target_now: 100,
  fte_needed_now: 20,
  reaches_trajectory: 'not at this trend',
  ...o,
});

describe('behind the trajectory', () => {
  it('alerts an area short of its share whose trend does not reach it, saying by how much', () => {
    const [a] = behindTrajectory([row({})], 0);
    expect(a).toMatchObject({ area: 'North East (ICB:QHM)', rule: 'behind-trajectory' });
    expect(a.message).toBe(
      '20.0 FTE short of its share of the trajectory in 2025-03 (80.0 against 100.0), and its trend does not reach it',
    );
  });

  it('not when the trend reaches it within 24 months, or the gap is within the threshold', () => {
    // 2025-03 + 24 months = 2027-03: reached then is not behind; 2027-04 is
    expect(behindTrajectory([row({ reaches_trajectory: '2027-03' })], 0)).toEqual([]);
    expect(behindTrajectory([row({ reaches_trajectory: '2027-04' })], 0)[0].message).toMatch(
      /only in 2027-04/,
    );
    expect(behindTrajectory([row({})], 20)).toEqual([]);
    expect(behindTrajectory([row({})], 19.9)).toHaveLength(1);
    expect(
      behindTrajectory([row({ fte_needed_now: 0, reaches_trajectory: 'on or above it now' })], 0),
    ).toEqual([]);
    expect(() => behindTrajectory([], -1)).toThrow(/behindFte must be a number of FTE ≥ 0, got -1/);
  });
});

describe('waits over 28 days', () => {
  it('alerts above the share set, not at it', () => {
    const r = { referrals: 200, over: 60, still_waiting: 10, share: 0.3 };
    expect(waitsOver('QHM', r, 0.25)[0].message).toBe(
      '30% of accepted referrals waited or are waiting over 28 days for a first contact (60 of 200), above 25%',
    );
    expect(waitsOver('QHM', r, 0.3)).toEqual([]);
    expect(waitsOver('QHM', { ...r, share: null }, 0)).toEqual([]);
    expect(() => waitsOver('QHM', r, 30)).toThrow(/between 0 and 1, got 30/);
  });
});
