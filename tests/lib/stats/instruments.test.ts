import { describe, expect, it } from 'vitest';
import { ITEM_MODELS } from '../../../pipelines/generate/model-sql.ts';
import { INSTRUMENTS, INSTRUMENT_IDS, bandOf, instrumentMeasure } from '../../../src/lib/stats/index.ts';

describe('INSTRUMENTS: one statement of each instrument', () => {
  it('gives every measure a range, and bands that cover it in order', () => {
    for (const id of INSTRUMENT_IDS) {
      const def = INSTRUMENTS[id];
      expect(def.measures.length, id).toBeGreaterThan(0);
      for (const m of def.measures) {
        expect(m.min, `${id} ${m.key}`).toBeLessThan(m.max);
        if (!m.bands) continue;
        const maxes = m.bands.map((b) => b.max);
        expect(maxes, `${id} ${m.key}`).toEqual([...maxes].sort((a, b) => a - b));
        expect(maxes.at(-1), `${id} ${m.key}`).toBe(m.max);
        for (const lonely of m.lonelyBands ?? []) expect(m.bands.map((b) => b.band)).toContain(lonely);
      }
      // the main measure's direction is the instrument's
      expect(def.measures[0].higherIsBetter, id).toBe(def.higherIsBetter);
      expect(def.meaningfulChangeSource.length, id).toBeGreaterThan(20);
    }
  });

  it('bands scores at their published edges', () => {
    // DOMAIN: PAM ≤47.0, 47.1–55.1, 55.2–67.0, ≥67.1; DJG6 0–1, 2–4, 5–6; ONS4 anxiety 0–1, 2–3, 4–5, 6–10
    const pam = instrumentMeasure('PAM', 'score');
    expect([47.0, 47.1, 55.1, 55.2, 67.0, 67.1].map((s) => bandOf(pam, s))).toEqual([
      'level_1',
      'level_2',
      'level_2',
      'level_3',
      'level_3',
      'level_4',
    ]);
    const djg = instrumentMeasure('DJG6', 'total');
    expect([0, 1, 2, 4, 5, 6].map((s) => bandOf(djg, s))).toEqual([
      'not_lonely',
      'not_lonely',
      'moderately_lonely',
      'moderately_lonely',
      'severely_lonely',
      'severely_lonely',
    ]);
    expect([1, 2, 5, 6].map((s) => bandOf(instrumentMeasure('ONS4', 'anxiety'), s))).toEqual([
      'very_low',
      'low',
      'medium',
      'high',
    ]);
    expect(bandOf(instrumentMeasure('WEMWBS', 'total'), 40)).toBeNull();
    expect(() => instrumentMeasure('UCLA3', 'metric')).toThrow(
      'instrumentMeasure: UCLA3 has no measure "metric"',
    );
  });

  it('is what the synthetic-data generator answers with (pipelines/generate/model-sql.ts)', () => {
    expect(Object.keys(ITEM_MODELS).sort()).toEqual([...INSTRUMENT_IDS].sort());
    for (const id of INSTRUMENT_IDS) {
      const model = ITEM_MODELS[id];
      const items = INSTRUMENTS[id].items;
      expect(model.direction.length, id).toBe(items.length);
      for (const item of items)
        expect([model.min, model.max], `${id} ${item.key}`).toEqual([item.min, item.max]);
      // only the licensed PAM score has decimals
      expect(model.decimals, id).toBe(id === 'PAM' ? 1 : 0);
    }
  });
});
