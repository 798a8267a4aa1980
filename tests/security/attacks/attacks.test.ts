/**
 * The attacks themselves, on hand-worked responses: each finds the leak it is for (the issue's
 * examples) and stays quiet on figures computed from protected counts, so a clean run of the
 * dashboard suite means the server is safe, not that the attacks are blind.
 */
import { describe, expect, it } from 'vitest';
import { attributeAttack } from './attribute.ts';
import { differencingAttack } from './differencing.ts';
import { fitTInterval, meansAttack, onGrid, wilson } from './means.ts';
import { ratioAttack } from './ratios.ts';
import { fitShare, shareAttack } from './shares.ts';
import { countRange, decimals, knowledgeOf, type Row, type View } from './views.ts';

function view(dataset: string, columns: [string, string][], rows: Row[], o: Partial<View> = {}): View {
  return {
    who: 'admin',
    dataset,
    area: 'ICB:QHM',
    period: '12 months',
    cellsInArea: 1,
    ...o,
    body: {
      dataset,
      area: { level: 'ICB', code: 'QHM', name: 'x' },
      from: '2024-04',
      to: '2025-03',
      columns: columns.map(([key, kind]) => ({ key, label: key, kind })),
      rows,
      ...(o.body ?? {}),
    },
  };
}

const OUTCOME_COLUMNS: [string, string][] = [
  ['instrument', 'dim'],
  ['measure', 'dim'],
  ['n', 'count'],
  ['share_improved', 'value'],
];

describe('attack 1: shares', () => {
  it('finds the issue’s PAM row: n 30 and 0.9032258064516129 is 28/31', () => {
    expect(fitShare(0.9032258064516129, 1e-9, [28, 32]).ms).toEqual([31]);
    const v = view('outcomes', OUTCOME_COLUMNS, [
      { instrument: 'PAM', measure: 'score', n: 30, share_improved: 0.9032258064516129 },
    ]);
    const k = knowledgeOf([v]);
    const found = shareAttack([v], k);
    expect(found.map((f) => f.detail)).toEqual([expect.stringContaining('m = 31')]);
    // n, and the count improved it pins (28 of 31), though the response does not show that count
    expect([...k.recovered.values()]).toEqual([31, 28]);
  });

  it('finds nothing in a share of the protected counts (25/30 at any precision)', () => {
    for (const s of [25 / 30, 0.83]) {
      const v = view('outcomes', OUTCOME_COLUMNS, [
        { instrument: 'PAM', measure: 'score', n: 30, share_improved: s },
      ]);
      expect(shareAttack([v], knowledgeOf([v]))).toEqual([]);
    }
  });

  it('finds a share that pins a small numerator: 0.3 of 10 (8–12) is only 3/10', () => {
    const v = view('outcomes', OUTCOME_COLUMNS, [
      { instrument: 'DJG6', measure: 'total', n: 10, share_improved: 0.3 },
      { instrument: 'DJG6', measure: 'x', n: 10, share_improved: 0.25 },
    ]);
    const found = shareAttack([v], knowledgeOf([v]));
    expect(found.map((f) => f.detail)).toEqual([expect.stringContaining('pins the numerator at 3')]);
  });
});

describe('attack 2: means and intervals', () => {
  // t(0.975, 30) = 2.0422724563 (published tables); m 31, and a mean change and sd shown unrounded
  const [mean, sd] = [Math.PI / 3, Math.E];
  const half = (2.0422724563 * sd) / Math.sqrt(31);

  it('gives m back from a t interval and d_z', () => {
    const r = (half * (mean / sd)) / mean;
    expect(fitTInterval([r - 1e-9, r + 1e-9], [28, 32])).toEqual([31]);
    const v = view(
      'outcomes',
      [
        ...OUTCOME_COLUMNS,
        ['mean_change', 'value'],
        ['lower', 'value'],
        ['upper', 'value'],
        ['effect_size', 'value'],
      ],
      [
        {
          instrument: 'SWEMWBS',
          measure: 'metric',
          n: 30,
          mean_change: mean,
          lower: mean - half,
          upper: mean + half,
          effect_size: mean / sd,
        },
      ],
    );
    expect(meansAttack([v], knowledgeOf([v])).map((f) => f.detail)).toEqual([
      expect.stringContaining('n = 31, shown 30'),
    ]);
  });

  it('puts a mean of whole scores on the grid of 1/m: 35/12 fits m = 12, not 10', () => {
    expect(onGrid(35 / 12, 1e-9, 12, 1)).toBe(true);
    expect(onGrid(35 / 12, 1e-9, 10, 1)).toBe(false);
    expect(onGrid(2.92, 0.005, 10, 1)).toBe(false);
    expect(onGrid(2.92, 0.005, 12, 1)).toBe(true);
  });

  it('computes Wilson’s interval as Newcombe (1998) tabulates it: 81/263 is 0.2553–0.3662', () => {
    const [l, u] = wilson(81, 263);
    expect(l).toBeCloseTo(0.2553, 4);
    expect(u).toBeCloseTo(0.3662, 4);
  });
});

describe('attack 3: ratios', () => {
  const cols: [string, string][] = [
    ['pcn_code', 'dim'],
    ['fte', 'staff'],
    ['referrals_12m', 'count'],
    ['referral_months', 'dim'],
    ['referrals_per_fte', 'value'],
  ];
  it('multiplies referrals per FTE back: 13.043478260869566 × 0.69 = 9 where 10 is shown', () => {
    const v = view('capacity-by-pcn', cols, [
      {
        pcn_code: 'U13720',
        fte: 0.69,
        referrals_12m: 10,
        referral_months: 12,
        referrals_per_fte: 13.043478260869566,
      },
    ]);
    expect(ratioAttack([v], knowledgeOf([v])).map((f) => f.detail)).toEqual([expect.stringContaining('= 9')]);
  });
  it('finds nothing when the ratio is of the protected count (10 / 0.69)', () => {
    const v = view('capacity-by-pcn', cols, [
      { pcn_code: 'U13720', fte: 0.69, referrals_12m: 10, referral_months: 12, referrals_per_fte: 10 / 0.69 },
    ]);
    expect(ratioAttack([v], knowledgeOf([v]))).toEqual([]);
  });
});

describe('attack 4: differencing', () => {
  const cols: [string, string][] = [
    ['pcn_code', 'dim'],
    ['month', 'dim'],
    ['fte', 'staff'],
    ['referrals_12m', 'count'],
    ['referral_months', 'dim'],
    ['referrals_per_fte', 'value'],
  ];
  const plan = { periods: ['12 months', '11 months'] as [string, string], areas: [] };
  const pair = (a: Row, b: Row) => [
    view('capacity-by-pcn', cols, [a]),
    view('capacity-by-pcn', cols, [b], { period: '11 months' }),
  ];

  it('subtracts two exact counts of overlapping periods: 9 − 8 = 1', () => {
    const views = pair(
      {
        pcn_code: 'U1',
        month: '2025-03-01',
        fte: 0.69,
        referrals_12m: 10,
        referral_months: 12,
        referrals_per_fte: 9 / 0.69,
      },
      {
        pcn_code: 'U1',
        month: '2025-02-01',
        fte: 0.69,
        referrals_12m: 10,
        referral_months: 12,
        referrals_per_fte: 8 / 0.69,
      },
    );
    const k = knowledgeOf(views);
    ratioAttack(views, k);
    expect(differencingAttack(views, k, plan).map((f) => f.detail)).toEqual([
      expect.stringContaining('9 − 8 = 1'),
    ]);
  });

  it('does not call a difference of rounded counts exact (15 − 10 = 5 is not a count of 5)', () => {
    const views = pair(
      { pcn_code: 'U1', month: '2025-03-01', fte: 1, referrals_12m: 15, referrals_per_fte: 15 },
      { pcn_code: 'U1', month: '2025-02-01', fte: 1, referrals_12m: 10, referrals_per_fte: 10 },
    );
    const k = knowledgeOf(views);
    ratioAttack(views, k);
    expect(differencingAttack(views, k, plan)).toEqual([]);
  });
});

describe('attack 5: attribute disclosure', () => {
  const cols: [string, string][] = [
    ['instrument', 'dim'],
    ['stage', 'dim'],
    ['assessed', 'count'],
    ['lonely', 'count'],
    ['share', 'value'],
  ];
  it('finds 100 % of a small base and leaves a large one', () => {
    const v = view('loneliness', cols, [
      { instrument: 'UCLA3', stage: 'baseline', assessed: 10, lonely: 10, share: 1 },
      { instrument: 'UCLA3', stage: 'follow_up', assessed: 20, lonely: 20, share: 1 },
      { instrument: 'ONS', stage: 'baseline', assessed: 15, lonely: 0, share: 0 },
    ]);
    expect(attributeAttack([v], knowledgeOf([v])).map((f) => f.row)).toEqual([
      JSON.stringify(['UCLA3', 'baseline']),
      JSON.stringify(['ONS', 'baseline']),
    ]);
  });
  it('leaves data-quality shares, which describe recording, not people', () => {
    const v = view(
      'dq-completeness-by-pcn',
      [
        ['pcn_code', 'dim'],
        ['cells', 'count'],
        ['non_null', 'count'],
        ['complete', 'value'],
      ],
      [{ pcn_code: 'U1', cells: 15, non_null: 15, complete: 1 }],
    );
    expect(attributeAttack([v], knowledgeOf([v]))).toEqual([]);
  });
  it('leaves a share that is 100 % by definition (the funnel’s first step)', () => {
    const v = view(
      'referral-funnel',
      [
        ['step', 'dim'],
        ['referrals', 'count'],
        ['share', 'value'],
      ],
      [{ step: 'Referred', referrals: 10, share: 1 }],
    );
    expect(attributeAttack([v], knowledgeOf([v]))).toEqual([]);
  });
});

describe('what a shown figure stands for', () => {
  it('gives the true range of a count, summed from cells or not', () => {
    const v = view('referrals', [], []);
    expect(countRange(30, v, 5)).toEqual([28, 32]);
    expect(countRange(null, v, 5)).toEqual([1, 7]);
    expect(countRange(0, v, 5)).toEqual([0, 0]);
    expect(countRange(30, v, 1)).toEqual([30, 30]);
    const cells = view('referrals', [], [], {
      cellsInArea: 3,
      body: { cells: { level: 'ICB', left_out: 1 } } as View['body'],
    });
    expect(countRange(30, cells, 5)).toEqual([24, 50]);
  });
  it('reads a value’s decimals as JSON writes it', () => {
    expect([decimals(0.25), decimals(3), decimals(1e-7), decimals(0.9032258064516129)]).toEqual([
      2, 0, 7, 16,
    ]);
  });
});

describe('health-care use values (NOT_ATTACKED in columns.ts): the grid argument holds', () => {
  it('a per-quarter mean change to 0.1 fits every m ≥ 5, an event-study mean to 0.1 every m ≥ 10', () => {
    for (let tenths = -40; tenths <= 40; tenths++) {
      const shown = tenths / 10;
      for (let m = 5; m <= 300; m++) expect(onGrid(shown, 0.05, m, 0.5), `${shown} on m = ${m}`).toBe(true);
      for (let m = 10; m <= 300; m++)
        if (shown >= 0) expect(onGrid(shown, 0.05, m, 1), `${shown} on m = ${m}`).toBe(true);
    }
    // and the argument is not vacuous: 2 decimals, or m = 7 for a mean count, can exclude an m
    expect(onGrid(0.13, 0.005, 10, 1)).toBe(false);
    expect(onGrid(0.2, 0.05, 7, 1)).toBe(false);
  });
});
