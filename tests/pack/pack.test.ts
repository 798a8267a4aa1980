import { describe, expect, it } from 'vitest';
import { latestCompleteYear, periodRange } from '../../src/lib/server/pack/pack.ts';

// Rendering the pack (renderPack, through the dashboard's /pack route) is tested against the
// running dashboard in pack.dashboard.test.ts.
describe('pack periods', () => {
  it('maps financial years and finds the latest complete one', () => {
    expect(periodRange('2024-25')).toEqual({ from: '2024-04', to: '2025-03' });
    expect(() => periodRange('2024-26')).toThrow(/financial year/);
    expect(latestCompleteYear('2025-03')).toBe('2024-25');
    expect(latestCompleteYear('2025-02')).toBe('2023-24');
    expect(latestCompleteYear('2025-11')).toBe('2024-25');
  });
});
