import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, MAX_ITEMS, scoreInstrument, swemwbsMetricScore } from '../../../src/lib/stats/index.ts';

describe('swemwbsMetricScore', () => {
  it('reproduces the Warwick SWEMWBS raw → metric conversion table', () => {
    // Warwick Medical School SWEMWBS conversion table (Stewart-Brown et al. 2009, Health Qual Life Outcomes 7:15),
    // as transcribed in DOMAIN.md §4
    const table: [number, number][] = [
      [7, 7.0],
      [8, 9.51],
      [9, 11.25],
      [10, 12.4],
      [11, 13.33],
      [12, 14.08],
      [13, 14.75],
      [14, 15.32],
      [15, 15.84],
      [16, 16.36],
      [17, 16.88],
      [18, 17.43],
      [19, 17.98],
      [20, 18.59],
      [21, 19.25],
      [22, 19.98],
      [23, 20.73],
      [24, 21.54],
      [25, 22.35],
      [26, 23.21],
      [27, 24.11],
      [28, 25.03],
      [29, 26.02],
      [30, 27.03],
      [31, 28.13],
      [32, 29.31],
      [33, 30.7],
      [34, 32.55],
      [35, 35.0],
    ];
    for (const [raw, metric] of table) expect(swemwbsMetricScore(raw)).toBe(metric);
  });
  it('throws outside 7–35', () => {
    expect(() => swemwbsMetricScore(6)).toThrow(
      'swemwbsMetricScore: rawTotal must be an integer from 7 to 35, got 6',
    );
    expect(() => swemwbsMetricScore(36)).toThrow('got 36');
    expect(() => swemwbsMetricScore(20.5)).toThrow('got 20.5');
  });
});

describe('scoreInstrument', () => {
  it('keeps the instrument definitions other code imports', () => {
    expect(MAX_ITEMS).toBe(14);
    expect(INSTRUMENTS.SWEMWBS.items).toHaveLength(7);
  });
  it('ONS4 scores items separately with their bands', () => {
    expect(scoreInstrument('ONS4', [4, 6, 8, 1])).toEqual({
      items: { life_satisfaction: 4, worthwhile: 6, happiness: 8, anxiety: 1 },
      itemBands: { life_satisfaction: 'low', worthwhile: 'medium', happiness: 'high', anxiety: 'very_low' },
    });
    expect(scoreInstrument('ONS4', [9, 10, 5, 6])?.itemBands).toEqual({
      life_satisfaction: 'very_high',
      worthwhile: 'very_high',
      happiness: 'medium',
      anxiety: 'high',
    });
  });
  it('WEMWBS and SWEMWBS', () => {
    expect(scoreInstrument('WEMWBS', Array(14).fill(3))).toEqual({ total: 42 });
    expect(scoreInstrument('SWEMWBS', [1, 1, 1, 1, 1, 1, 2])).toEqual({ total: 8, metric: 9.51 });
  });
  it('loneliness measures', () => {
    expect(scoreInstrument('UCLA3', [2, 2, 1])).toEqual({ total: 5, band: 'not_lonely', isLonely: false });
    expect(scoreInstrument('UCLA3', [2, 2, 2])).toMatchObject({ total: 6, isLonely: true });
    expect(scoreInstrument('ONS_LONELINESS', [1])).toMatchObject({ band: 'often_always', isLonely: true });
    expect(scoreInstrument('ONS_LONELINESS', [2])).toMatchObject({ isLonely: false });
    // DJG6: emotional items score on yes/more or less (1, 2), social items on more or less/no (2, 3)
    expect(scoreInstrument('DJG6', [1, 2, 3, 1, 2, 3])).toMatchObject({
      total: 4,
      band: 'moderately_lonely',
      isLonely: true,
    });
    expect(scoreInstrument('DJG6', [3, 3, 3, 1, 1, 1])).toMatchObject({
      total: 0,
      band: 'not_lonely',
      isLonely: false,
    });
    expect(scoreInstrument('DJG6', [1, 1, 1, 3, 3, 2])).toMatchObject({ total: 6, band: 'severely_lonely' });
  });
  it('MYCaW (optional second concern) and PAM levels', () => {
    expect(scoreInstrument('MYCAW', [5, null, 4])).toEqual({ items: { concern_1: 5, wellbeing: 4 } });
    expect(scoreInstrument('PAM', [47.0])).toEqual({ total: 47, band: 'level_1' });
    expect(scoreInstrument('PAM', [47.1])?.band).toBe('level_2');
    expect(scoreInstrument('PAM', [55.2])?.band).toBe('level_3');
    expect(scoreInstrument('PAM', [67.1])?.band).toBe('level_4');
  });
  it('returns null for an incomplete form and throws for a bad item', () => {
    expect(scoreInstrument('DJG6', [1, 2, null, 1, 2, 3])).toBeNull();
    expect(scoreInstrument('MYCAW', [null, 3, 4])).toBeNull();
    expect(() => scoreInstrument('UCLA3', [1, 4, 1])).toThrow(
      'scoreInstrument: UCLA3 item left_out must be from 1 to 3, got 4',
    );
    expect(() => scoreInstrument('WEMWBS', [...Array(13).fill(3), 2.5])).toThrow(
      'scoreInstrument: WEMWBS item item_14 must be an integer from 1 to 5, got 2.5',
    );
    expect(() => scoreInstrument('UCLA3', [1, 1])).toThrow(
      'scoreInstrument: UCLA3 items must be an array of 3 answers',
    );
  });
});
