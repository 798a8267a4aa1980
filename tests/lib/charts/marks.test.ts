/**
 * Typed channels: a channel that names a field the rows lack is a type error (checked by
 * svelte-check/tsc on this file: each `@ts-expect-error` fails the type check if the line it guards
 * becomes valid) and, for rows that reach a chart through a cast, an error at run time.
 */
import { describe, expect, it } from 'vitest';
import { checkChannels, dot, line } from '../../../src/lib/charts/marks.ts';
import { PALETTE } from '../../../src/lib/charts/palette.ts';

interface Limits {
  date: Date;
  upperLimit: number;
}
const rows: Limits[] = [{ date: new Date(0), upperLimit: 3 }];

describe('typed marks', () => {
  it('accept fields of the row, functions of it, constant colours and symbols', () => {
    expect(() => line(rows, { x: 'date', y: 'upperLimit', stroke: PALETTE.dark })).not.toThrow();
    expect(() =>
      dot(rows, { x: 'date', y: (d) => d.upperLimit * 2, fill: 'white', symbol: 'diamond' }),
    ).not.toThrow();
  });

  it('refuse, by type and at run time, a field the rows do not have', () => {
    // @ts-expect-error: the rows carry upperLimit, not upper (the bug that hid the SPC limits)
    expect(() => line(rows, { x: 'date', y: 'upper' })).toThrow(
      'line: channel y asks for the field "upper", which the rows do not have (they have date, upperLimit)',
    );
    // @ts-expect-error: a function of the row is checked too
    expect(() => line(rows, { x: 'date', y: (d) => d.upper })).not.toThrow();
    // @ts-expect-error: a colour channel takes a field or a palette colour, not any string
    expect(() => dot(rows, { x: 'date', y: 'upperLimit', fill: 'band' })).toThrow(
      /channel fill asks for the field "band"/,
    );
  });

  it('let data without fields (numbers) through: a rule at a constant', () => {
    expect(() => checkChannels('ruleY', [3], { y: 'value' })).not.toThrow();
  });
});
