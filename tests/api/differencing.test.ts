/**
 * Differencing (issue 5): a viewer or ICB user who asks for an area and for all but one of its
 * parts, and subtracts, must never recover a count of 1 to 7. The release path builds every total from
 * protected cells (src/lib/server/release/cells.ts, `cells`), so any such difference is itself a sum of
 * protected cells. Checked on the built server (tests/e2e/global-setup.ts) with real accounts.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

const base = inject('baseUrl');
type Row = Record<string, string | number | boolean | null>;
interface Body {
  columns: { key: string; kind: string }[];
  rows: Row[];
  cells?: { level: string; left_out: number };
}

/** Datasets whose counts are summed from cells, with the columns that key a row. */
const DATASETS: [string, string[]][] = [
  ['referrals', ['month']],
  ['referrals-by-route', ['group']],
  ['referral-funnel', ['step']],
  ['referral-waits', ['wait']],
  ['referral-waits-over-4-weeks', []],
  ['support-offered', ['category']],
  ['support-vs-needs', ['need']],
  ['equity', ['dimension', 'group']],
  ['loneliness', ['instrument', 'stage']],
  ['loneliness-paired', ['instrument']],
  ['outcome-completeness', ['instrument']],
  ['outcomes', ['instrument', 'measure']],
  ['outcome-distribution', ['instrument', 'measure', 'change']],
];

const tokens: Record<string, string> = {};
let region = '';
let icbs: string[] = [];
let own = '';
let pcns: string[] = [];

async function get(who: string, dataset: string, area: string): Promise<Body> {
  const res = await fetch(`${base}/api/v1/${dataset}?area=${area}`, {
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  expect(res.status, `${who} ${dataset} ${area}`).toBe(200);
  return (await res.json()) as Body;
}

beforeAll(async () => {
  const admin = { authorization: `Bearer ${inject('adminToken')}` };
  const areas = ((await (await fetch(`${base}/api/v1/areas`, { headers: admin })).json()) as { rows: Row[] })
    .rows;
  // the region with the most ICBs, its largest ICB (the ICB user's own) and that ICB's PCNs
  const icbsOf = (r: string) => [
    ...new Set(areas.filter((a) => a.region_code === r).map((a) => String(a.icb_code))),
  ];
  region = String(
    [...new Set(areas.map((a) => String(a.region_code)))].sort(
      (a, b) => icbsOf(b).length - icbsOf(a).length,
    )[0],
  );
  icbs = icbsOf(region);
  const pcnsOf = (i: string) => areas.filter((a) => a.icb_code === i).map((a) => String(a.pcn_code));
  own = [...icbs].sort((a, b) => pcnsOf(b).length - pcnsOf(a).length)[0];
  pcns = pcnsOf(own);
  const store = new AuthStore(inject('db'));
  try {
    const hash = await hashPassword('differencing test password');
    for (const [name, role, list] of [
      ['diff-viewer', 'viewer', []],
      ['diff-icb', 'icb', [own]],
    ] as const) {
      if (!store.listUsers().some((u) => u.name === name)) store.addUser(name, role, [...list], hash);
      tokens[name] = store.createToken(name, 'differencing').token;
    }
  } finally {
    store.close();
  }
});

const keyOf = (r: Row, keys: string[]) => JSON.stringify(keys.map((k) => r[k]));
const counts = (b: Body) => b.columns.filter((c) => c.kind === 'count').map((c) => c.key);

/**
 * For each row and count: the whole minus every part but one. Returns how many differences were
 * compared with a count on both sides (so the check is not vacuous) and the bad ones.
 */
function leaveOneOut(whole: Body, parts: Body[], keys: string[]) {
  const bad: string[] = [];
  let compared = 0;
  for (const row of whole.rows) {
    const key = keyOf(row, keys);
    for (const c of counts(whole)) {
      const total = row[c];
      if (typeof total !== 'number') continue;
      const values = parts.map((p) => p.rows.find((r) => keyOf(r, keys) === key)?.[c] ?? 0);
      const sumParts = values.reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
      values.forEach((_, i) => {
        const others = sumParts - (typeof values[i] === 'number' ? values[i] : 0);
        const d = total - others;
        compared++;
        if (d >= 1 && d <= 7) bad.push(`${key} ${c}: ${total} − ${others} = ${d}`);
      });
    }
  }
  return { compared, bad };
}

describe('differencing overlapping areas never gives a count of 1 to 7', () => {
  it.each(DATASETS)('%s: a region against its ICBs, for a viewer and an ICB user', async (id, keys) => {
    for (const who of ['diff-viewer', 'diff-icb']) {
      const whole = await get(who, id, `REGION:${region}`);
      expect(whole.cells, `${who} ${id}: summed from cells`).toBeDefined();
      const parts = await Promise.all(icbs.map((i) => get(who, id, `ICB:${i}`)));
      const { compared, bad } = leaveOneOut(whole, parts, keys);
      expect(bad, `${who} ${id}`).toEqual([]);
      if (id === 'referrals' || id === 'equity') expect(compared, `${who} ${id}`).toBeGreaterThan(0);
    }
  });

  it.each(DATASETS)('%s: the ICB user’s own ICB against its PCNs', async (id, keys) => {
    const whole = await get('diff-icb', id, `ICB:${own}`);
    const parts = await Promise.all(pcns.map((p) => get('diff-icb', id, `PCN:${p}`)));
    const { bad } = leaveOneOut(whole, parts, keys);
    expect(bad, id).toEqual([]);
  });

  it('England is the sum of the regions’ protected cells for a viewer', async () => {
    const england = await get('diff-viewer', 'referrals', 'E');
    expect(england.cells?.level).toBe('ICB');
    expect(england.rows.some((r) => typeof r.referrals === 'number' && r.referrals > 0)).toBe(true);
    for (const r of england.rows)
      if (typeof r.referrals === 'number') expect(r.referrals % 5, String(r.month)).toBe(0);
  });
});
