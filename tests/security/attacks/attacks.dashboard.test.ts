/**
 * Issue 11, "Done when": the analyst's attacks against the running server, for every dataset in
 * the `/api/v1` catalogue, as an administrator, a viewer and an ICB user, for England, a region,
 * an ICB and its PCNs, over the default period, 12 months, the same less its last month and
 * single months. Each attack must find nothing on the server as it runs (protected), and each
 * must find something on the same warehouse served with SPO_DISCLOSURE_UNPROTECTED=1 (the
 * behaviour before issue 11), so the suite can fail; there, what they recover is checked against
 * the warehouse. The attacks and their criteria: docs/security.md, "What was attacked".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../../src/lib/server/auth/store.ts';
import { startServer } from '../../../bench/harness/dashboard.ts';
import {
  areaRows,
  cellsInArea,
  collect,
  periodsFor,
  planRequests,
  type AreaRow,
  type Collected,
} from './collect.ts';
import { covered } from './columns.ts';
import type { Plan } from './differencing.ts';
import { report, runAttacks } from './run-attacks.ts';
import { readTruth } from './truth.ts';
import { ATTACK_KINDS, type AttackKind, type Finding, type Knowledge } from './views.ts';

const base = inject('baseUrl');
const tokens: Record<string, string> = { admin: inject('adminToken') };
let areas: AreaRow[] = [];
let plan: Plan;
let icb = '';
let requests: ReturnType<typeof planRequests>['requests'] = [];

beforeAll(async () => {
  const admin = { authorization: `Bearer ${tokens.admin}` };
  areas = areaRows(
    ((await (await fetch(`${base}/api/v1/areas`, { headers: admin })).json()) as { rows: [] }).rows,
  );
  // the months the warehouse holds, from the default period of the referrals series
  const referrals = (await (await fetch(`${base}/api/v1/referrals`, { headers: admin })).json()) as {
    from: string;
    to: string;
  };
  ({ requests, plan, icb } = planRequests(areas, periodsFor(referrals.from, referrals.to)));
  const store = new AuthStore(inject('db'));
  try {
    const hash = await hashPassword('attack suite password');
    for (const [who, role, list] of [
      ['viewer', 'viewer', []],
      ['icb', 'icb', [icb]],
    ] as const) {
      const name = `attack-${who}-${icb.toLowerCase()}`;
      if (!store.listUsers().some((u) => u.name === name)) store.addUser(name, role, [...list], hash);
      tokens[who] = store.createToken(name, 'attack suite').token;
    }
  } finally {
    store.close();
  }
});

const cells = (area: string, who: string) => cellsInArea(areas, area, who, icb);

describe('the analyst’s attacks', () => {
  let collected: Collected;
  let findings: Record<AttackKind, Finding[]>;

  beforeAll(async () => {
    collected = await collect(base, tokens, requests, cells);
    ({ findings } = runAttacks(collected.views, plan));
  });

  it('read every dataset in the catalogue, and every value column is attacked or said why not', () => {
    const read = new Set(collected.views.filter((v) => v.body.rows.length).map((v) => v.dataset));
    expect(collected.catalogue.map((d) => d.id).filter((id) => !read.has(id))).toEqual([]);
    const unclassified = collected.catalogue.flatMap((d) =>
      d.columns.filter((c) => c.kind === 'value' && !covered(d.id, c.key)).map((c) => `${d.id}.${c.key}`),
    );
    expect(unclassified, 'value columns no attack covers (columns.ts)').toEqual([]);
    // the areas and periods asked for: a viewer's region and ICBs, an ICB user's PCNs
    for (const who of ['admin', 'viewer', 'icb'])
      expect(collected.views.filter((v) => v.who === who).length, who).toBeGreaterThan(0);
    expect(collected.views.some((v) => v.who === 'icb' && v.area.startsWith('PCN:'))).toBe(true);
  });

  it.each(ATTACK_KINDS)('%s finds nothing', (kind) => {
    expect(findings[kind].length, report(findings[kind])).toBe(0);
  });
});

describe('control: the same attacks on an unprotected server (SPO_DISCLOSURE_UNPROTECTED=1)', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let findings: Record<AttackKind, Finding[]>;
  let knowledge: Knowledge;
  let period: { from: string; to: string };

  beforeAll(async () => {
    server = await startServer(inject('db'), { SPO_DISCLOSURE_UNPROTECTED: '1' });
    const collected = await collect(server.baseUrl, tokens, requests, cells);
    ({ findings, knowledge } = runAttacks(collected.views, plan));
    const p12 = requests.find((r) => r.period.label === plan.periods[0])!.period;
    period = { from: p12.from!, to: p12.to! };
  });
  afterAll(() => server?.stop());

  it.each(ATTACK_KINDS)('%s finds the leaks', (kind) => {
    expect(findings[kind].length, `${kind}: nothing found on the unprotected server`).toBeGreaterThan(0);
  });

  it('recovers the true counts (checked against the warehouse), never a wrong one', async () => {
    const truth = await readTruth(inject('db'), period.from, period.to);
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const [key, value] of knowledge.recovered) {
      const [who, dataset, area, label, row, column] = JSON.parse(key) as string[];
      if (who !== 'admin' || area !== 'E' || label !== plan.periods[0]) continue;
      const dims = JSON.parse(row) as string[];
      const expected =
        (dataset === 'outcomes' || dataset === 'loneliness-change') && column === 'n'
          ? truth.pairs.get(`${dims[0]}/${dims[1]}`)
          : dataset === 'capacity-by-pcn' && column === 'referrals_12m'
            ? truth.referrals12m.get(dims[0])
            : undefined;
      if (expected === undefined) continue;
      checked.push(key);
      if (expected !== value) wrong.push(`${dataset} ${row} ${column}: recovered ${value}, true ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(checked.length).toBeGreaterThan(0);
  });
});
