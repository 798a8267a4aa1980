import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipelines/db/database.ts';
import { migrate } from '../../../pipelines/db/migrate.ts';
import { REFERENCE_DIR } from '../../../src/lib/config/paths.ts';
import { readModels } from '../../../pipelines/model/build.ts';
import {
  INSTRUMENTS,
  INSTRUMENT_IDS,
  MAX_ITEMS,
  SWEMWBS_METRIC,
  scoreInstrument,
  type InstrumentId,
} from '../../../src/lib/stats/index.ts';

/**
 * The warehouse scores the instruments in SQL (warehouse/staging/stg_wellbeing_scores.sql), the
 * library in TypeScript (scoreInstrument over instruments.ts). Both run here on every valid form
 * (every combination of answers, WEMWBS sampled to reach every total) and on incomplete ones, and
 * must give the same measures, scores, bands, loneliness and completeness: a change to either side
 * fails this test. The staging models run as `spo build` runs them, in a real DuckDB.
 */

type Form = { id: string; instrument: InstrumentId; items: (number | null)[] };

/** Every combination of the given answer lists. */
function combinations(lists: (number | null)[][]): (number | null)[][] {
  return lists.reduce<(number | null)[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  );
}

const range = (min: number, max: number, step = 1) =>
  Array.from(
    { length: Math.round((max - min) / step) + 1 },
    (_, i) => Math.round((min + i * step) * 10) / 10,
  );

function forms(): Form[] {
  const out: Form[] = [];
  const add = (instrument: InstrumentId, items: (number | null)[]) =>
    out.push({ id: `${instrument}-${out.length}`, instrument, items });
  for (const id of INSTRUMENT_IDS) {
    const items = INSTRUMENTS[id].items;
    if (id === 'WEMWBS') {
      // 5^14 forms are too many; the score is the sum, so reach every total 14–70 many ways
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let total = 14; total <= 70; total++) {
        for (let k = 0; k < 20; k++) {
          const answers = Array<number>(14).fill(1);
          let left = total - 14;
          while (left > 0) {
            const i = Math.floor(next() * 14);
            if (answers[i] < 5) {
              answers[i]++;
              left--;
            }
          }
          add(id, answers);
        }
      }
    } else if (id === 'PAM') {
      for (const score of range(0, 100, 0.1)) add(id, [score]);
    } else {
      const lists = items.map((item) => [...range(item.min, item.max), ...(item.optional ? [null] : [])]);
      for (const answers of combinations(lists)) add(id, answers);
    }
    // incomplete: each item missing in turn, the others at their lowest and highest answers
    items.forEach((_, gap) => {
      for (const pick of ['min', 'max'] as const)
        add(
          id,
          items.map((item, i) => (i === gap ? null : item[pick])),
        );
    });
  }
  return out;
}

/** What stg_wellbeing_scores should hold for a form, from the TypeScript scoring. */
function expectedRows(form: Form) {
  const def = INSTRUMENTS[form.instrument];
  const r = scoreInstrument(form.instrument, form.items);
  return def.measures.map((m) => {
    const score = !r
      ? null
      : m.key === 'metric'
        ? r.metric
        : m.key === 'total' || m.key === 'score'
          ? r.total
          : r.items?.[m.key];
    return {
      assessment_id: form.id,
      instrument: form.instrument,
      measure: m.key,
      score: score ?? null,
      raw_score: r && form.instrument === 'SWEMWBS' ? r.total! : null,
      band: r?.itemBands?.[m.key] ?? r?.band ?? null,
      is_lonely: r?.isLonely ?? null,
      is_complete: r !== null,
      higher_is_better: m.higherIsBetter,
    };
  });
}

let dir: string;
let db: Database;
let all: Form[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-scoring-'));
  db = await openDatabase(':memory:', { threads: 1 });
  await migrate(db);
  await db.run(
    `insert into raw.ref_swemwbs by name
     select 1 as load_id, row_number() over () as source_row, raw_score, metric_score
     from read_csv('${join(REFERENCE_DIR, 'swemwbs_conversion.csv')}')`,
  );
  all = forms();
  const itemCols = Array.from({ length: MAX_ITEMS }, (_, i) => `item_${String(i + 1).padStart(2, '0')}`);
  const csv = [
    ['assessment_id', 'instrument', ...itemCols].join(','),
    ...all.map((f) =>
      [f.id, f.instrument, ...itemCols.map((_, i) => (f.items[i] === null ? '' : (f.items[i] ?? '')))].join(
        ',',
      ),
    ),
  ].join('\n');
  await writeFile(join(dir, 'forms.csv'), csv);
  await db.run(
    `insert into raw.wellbeing_scores by name
     select 1 as load_id, row_number() over () as source_row, assessment_id, 'R1' as referral_id,
            instrument, 'baseline' as assessment_stage, DATE '2024-05-01' as assessment_date,
            ${itemCols.map((c) => `${c}::DOUBLE as ${c}`).join(', ')}
     from read_csv('${join(dir, 'forms.csv')}', all_varchar = true)`,
  );
  // the two staging models scoring needs, built as `spo build` builds them
  const models = await readModels();
  for (const name of ['stg_instrument_measures', 'stg_wellbeing_scores']) {
    const model = models.find((m) => m.name === name)!;
    await db.run(`create or replace table ${model.relation} as\n${model.sql}`);
  }
});

afterAll(async () => {
  db?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('instrument scoring: SQL and TypeScript agree', () => {
  it('on every valid form and on incomplete ones', async () => {
    // SWEMWBS 5^7, UCLA-3 3^3, DJG6 3^6, ONS4 11^4, ONS 5, MYCaW 7·8·7, PAM 0.0–100.0, WEMWBS 57 totals × 20
    expect(all.filter((f) => f.instrument === 'SWEMWBS').length).toBe(5 ** 7 + 14);
    expect(all.filter((f) => f.instrument === 'ONS4').length).toBe(11 ** 4 + 8);
    const got = await db.all<Record<string, unknown>>(
      `select assessment_id, instrument, measure, score, raw_score, band, is_lonely, is_complete, higher_is_better
       from staging.stg_wellbeing_scores`,
    );
    const key = (r: Record<string, unknown>) => `${String(r.assessment_id)}|${String(r.measure)}`;
    const bySql = new Map(got.map((r) => [key(r), r]));
    const expected = all.flatMap(expectedRows);
    expect(got.length).toBe(expected.length);
    const differences: unknown[] = [];
    for (const e of expected) {
      const g = bySql.get(key(e));
      if (JSON.stringify(g && { ...e, ...g }) !== JSON.stringify(e)) differences.push({ ts: e, sql: g });
      if (differences.length >= 5) break;
    }
    expect(differences).toEqual([]);
  });

  it('states each measure as instruments.ts does (stg_instrument_measures)', async () => {
    const got = await db.all(
      `select instrument, measure, min_score, max_score, higher_is_better, meaningful_change
       from staging.stg_instrument_measures order by all`,
    );
    const expected = INSTRUMENT_IDS.flatMap((id) =>
      INSTRUMENTS[id].measures.map((m) => ({
        instrument: id,
        measure: m.key,
        min_score: m.min,
        max_score: m.max,
        higher_is_better: m.higherIsBetter,
        meaningful_change: INSTRUMENTS[id].meaningfulChange,
      })),
    ).sort((a, b) => `${a.instrument}|${a.measure}`.localeCompare(`${b.instrument}|${b.measure}`, 'en'));
    const sorted = [...got].sort((a, b) =>
      `${String(a.instrument)}|${String(a.measure)}`.localeCompare(
        `${String(b.instrument)}|${String(b.measure)}`,
        'en',
      ),
    );
    expect(sorted).toEqual(expected);
  });

  it('converts SWEMWBS with the same table (warehouse/reference/swemwbs_conversion.csv)', async () => {
    const rows = await db.all<{ raw_score: number; metric_score: number }>(
      `select raw_score::INTEGER as raw_score, metric_score::DOUBLE as metric_score
       from raw.ref_swemwbs order by raw_score`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.raw_score, r.metric_score]))).toEqual({ ...SWEMWBS_METRIC });
  });
});
