import { describe, expect, it } from 'vitest';
import { fmt, pValue } from '../../../src/lib/format/numbers.ts';

describe('pValue', () => {
  it('gives 3 places, "< 0.001" below what 3 places can show, and [x] for no value', () => {
    expect(pValue(0.0123)).toBe('0.012');
    expect(pValue(0.0005)).toBe('0.001');
    expect(pValue(0.0004)).toBe('< 0.001');
    expect(pValue(0)).toBe('< 0.001'); // a p released as 0.000 was under 0.0005
    expect(pValue(null)).toBe('[x]');
  });
  it('fmt keeps the digits asked for', () => {
    expect(fmt(2.7, 1)).toBe('2.7');
    expect(fmt(1234.5, 0)).toBe('1,235');
  });
});
