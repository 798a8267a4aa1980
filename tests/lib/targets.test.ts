import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, monthEnd, targetAt, type TargetPoint } from '../../src/lib/targets.ts';
import { parseCsv } from '../e2e/csv.ts';

/** The targets as shipped (national) and the documented local example, read straight from the CSVs. */
function read(path: string): TargetPoint[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8')).filter((r) => r.length > 1);
  return rows.map((r) => {
    const o = Object.fromEntries(header.map((h, i) => [h, r[i]]));
    return { ...o, value: Number(o.value), is_trajectory: o.is_trajectory === 'true' } as TargetPoint;
  });
}
const ROOT = join(import.meta.dirname, '../..');
const national = read(join(ROOT, 'warehouse/reference/targets_national.csv'));
const local = read(join(ROOT, 'docs/examples/targets_local.csv'));

const fte = (month: string, area = 'E', share = 1, points = national) =>
  targetAt(points, { measure: 'link_worker_fte', area, month, share });

describe('targetAt', () => {
  it('interpolates the Long Term Workforce Plan linearly at the month’s last day', () => {
    // 30 June 2023 → 31 January 2024 is 215 days of the 5,023 to 31 March 2037:
    // 3,000 + 6,000 × 215 / 5,023 = 3,256.82
    const t = fte('2024-01')!;
    expect(t.value).toBeCloseTo(3000 + (6000 * 215) / 5023, 6);
    expect(t).toMatchObject({ status: 'trajectory', basis: 'england', targetValue: 9000 });
    expect(t.target.target_id).toBe('ltwp_social_prescribers_9000');
    // March 2025 (275 days to 31 March 2024 + 365): 3,764.5 — not the 2020/21 target of 1,000
    expect(fte('2025-03')!.value).toBeCloseTo(3000 + (6000 * 640) / 5023, 6);
    expect(fte('2023-06')!.value).toBe(3000);
    expect(fte('2037-03')!.value).toBe(9000);
  });

  it('uses the 2020/21 target of 1,000 before it was due and marks it past afterwards', () => {
    expect(fte('2020-06')).toMatchObject({ value: 1000, status: 'due' });
    // between the end of 2020/21 and the start of the 2023 trajectory no target was in force
    expect(fte('2022-09')).toMatchObject({ value: 1000, status: 'past' });
    expect(fte('2037-06')).toMatchObject({ value: 9000, status: 'past' });
  });

  it('gives an area its share of England’s count, and a rate as it is', () => {
    const t = fte('2024-01', 'ICB:QWE', 0.1)!;
    expect(t.value).toBeCloseTo(0.1 * (3000 + (6000 * 215) / 5023), 6);
    expect(t).toMatchObject({ basis: 'england_pro_rata', targetValue: 900 });
    expect(t.national).toBeCloseTo(3000 + (6000 * 215) / 5023, 6);
    const rate = targetAt(national, {
      measure: 'link_worker_fte_per_50k',
      area: 'ICB:QWE',
      month: '2025-03',
      share: 0.1,
    });
    expect(rate).toMatchObject({ value: 1, basis: 'england', status: 'past' });
    const referrals = targetAt(national, {
      measure: 'referrals_per_year',
      area: 'E',
      month: '2023-06',
      share: 1,
    });
    expect(referrals).toMatchObject({ value: 900000, status: 'due' });
    // people referred a year is a count, not a rate per patients: an area's share of the 900,000
    const area = targetAt(national, {
      measure: 'referrals_per_year',
      area: 'ICB:QWE',
      month: '2024-03',
      share: 0.1,
    });
    expect(area).toMatchObject({ basis: 'england_pro_rata', status: 'due', national: 900000 });
    expect(area!.value).toBeCloseTo(90000, 6);
  });

  it('prefers an area’s own loaded target (docs/examples/targets_local.csv)', () => {
    const points = [...national, ...local];
    const qhm = targetAt(points, {
      measure: 'link_worker_fte_per_50k',
      area: 'ICB:QHM',
      month: '2025-03',
      share: 0.05,
    });
    expect(qhm).toMatchObject({ value: 1.5, basis: 'area', status: 'due' });
    expect(describeTarget(qhm!, 1)).toBe(
      '1.5 for 2025-03 (the area’s own target), “1.5 link-worker FTE per 50,000 patients in North East and North Cumbria by 2025/26” (Local commissioning plan (example))',
    );
    // another ICB still has England's
    expect(
      targetAt(points, {
        measure: 'link_worker_fte_per_50k',
        area: 'ICB:QWE',
        month: '2025-03',
        share: 0.05,
      }),
    ).toMatchObject({ value: 1, basis: 'england' });
  });

  it('ignores the warehouse’s derived yearly points (rounded) in favour of the loaded line', () => {
    const derived: TargetPoint = {
      ...national.find((p) => p.target_id === 'ltwp_social_prescribers_9000')!,
      target_id: 'x.trajectory.2024',
      due_date: '2024-03-31',
      value: 1, // wrong on purpose: a derived point must not bend the line
      is_trajectory: true,
      is_derived: true,
    };
    expect(fte('2024-01', 'E', 1, [...national, derived])!.value).toBeCloseTo(3256.82, 2);
  });

  it('names a bad month', () => {
    expect(() => monthEnd('2024/01')).toThrow('invalid month: 2024/01');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
  });
});
