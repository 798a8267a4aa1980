/**
 * The open data API of the built dashboard (tests/e2e/global-setup.ts): the catalogue, disclosure
 * control on every count of every dataset in several areas and both formats, and the national
 * link-worker FTE against NHS Digital's own files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../e2e/csv.ts';
import { WORKFORCE_DIR } from '../../bench/harness/dashboard.ts';

const base = inject('baseUrl');
const auth = { authorization: `Bearer ${inject('adminToken')}` };

interface CatalogueEntry {
  id: string;
  path: string;
  parameters: { name: string }[];
  columns: { key: string; label: string; kind: string }[];
}

async function get(path: string) {
  // a GET may be sent again once if the kept-alive connection it reused was closed by the server
  // while this process was busy parsing the NHS Digital files (undici: "other side closed")
  const send = () => fetch(`${base}${path}`, { headers: auth });
  const res = await send().catch((e: Error & { cause?: { code?: string } }) => {
    if (e.cause?.code === 'UND_ERR_SOCKET') return send();
    throw e;
  });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return res;
}

let catalogue: CatalogueEntry[] = [];
let areas: string[] = [];

beforeAll(async () => {
  catalogue = ((await (await get('/api/v1')).json()) as { datasets: CatalogueEntry[] }).datasets;
  // areas at every level, from the areas dataset itself: a region, an ICB, a sub-ICB and a PCN
  // of the same branch, and a second ICB
  const rows = ((await (await get('/api/v1/areas')).json()) as { rows: Record<string, string>[] }).rows;
  const pcn = rows[Math.floor(rows.length / 3)];
  const other = rows.find((r) => r.icb_code !== pcn.icb_code)!;
  areas = [
    'E',
    `REGION:${pcn.region_code}`,
    `ICB:${pcn.icb_code}`,
    `SICBL:${pcn.sub_icb_code}`,
    `PCN:${pcn.pcn_code}`,
    `ICB:${other.icb_code}`,
  ];
});

describe('catalogue', () => {
  it('lists every registered dataset, with its path, parameters and columns', async () => {
    const { DATASETS } = await import('../../src/lib/server/catalogue.ts');
    const registered = DATASETS.map((d) => d.id);
    expect(registered.length).toBeGreaterThan(20);
    expect(catalogue.map((d) => d.id).sort()).toEqual([...registered].sort());
    for (const d of catalogue) {
      expect(d.path).toBe(`/api/v1/${d.id}`);
      expect(d.parameters.map((p) => p.name)).toContain('format');
      expect(d.columns.length).toBeGreaterThan(0);
      for (const c of d.columns) expect(['dim', 'count', 'value', 'staff', 'population']).toContain(c.kind);
    }
  });

  it('refuses an unknown dataset (404) and an unknown parameter (400, naming it)', async () => {
    expect((await fetch(`${base}/api/v1/no-such-dataset`, { headers: auth })).status).toBe(404);
    const res = await fetch(`${base}/api/v1/referrals?colour=blue`, { headers: auth });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('colour');
  });
});

describe('disclosure control', () => {
  it('no count in any dataset, area or format is 1 to 7, and every count is a multiple of 5', async () => {
    let counts = 0;
    let suppressed = 0;
    for (const d of catalogue) {
      const countKeys = d.columns.filter((c) => c.kind === 'count').map((c) => c.key);
      const takesArea = d.parameters.some((p) => p.name === 'area');
      for (const area of takesArea ? areas : ['E']) {
        const q = area === 'E' ? '' : `area=${encodeURIComponent(area)}`;
        const json = (await (await get(`${d.path}?${q}`)).json()) as { rows: Record<string, unknown>[] };
        const csv = parseCsv(await (await get(`${d.path}?${q}${q ? '&' : ''}format=csv`)).text());
        expect(csv.length - 1, `${d.id} ${area}: CSV and JSON rows`).toBe(json.rows.length);
        const header = csv[0];
        for (const key of countKeys) {
          const label = d.columns.find((c) => c.key === key)!.label;
          const col = header.indexOf(label);
          expect(col, `${d.id}: CSV column ${label}`).toBeGreaterThanOrEqual(0);
          json.rows.forEach((row, i) => {
            const v = row[key];
            const cell = csv[i + 1][col];
            if (v === null) {
              suppressed++;
              expect(cell, `${d.id} ${area} ${key}`).toBe('[c]');
              return;
            }
            counts++;
            expect(typeof v, `${d.id} ${area} ${key}`).toBe('number');
            const n = v as number;
            expect(n >= 1 && n <= 7, `${d.id} ${area} ${key} = ${n}`).toBe(false);
            expect(n % 5, `${d.id} ${area} ${key} = ${n} not rounded to 5`).toBe(0);
            expect(Number(cell), `${d.id} ${area} ${key}: CSV ${cell}`).toBe(n);
          });
        }
      }
    }
    // the check looked at real data: many counts, some of them suppressed in small areas
    expect(counts).toBeGreaterThan(500);
    expect(suppressed).toBeGreaterThan(0);
  });
});

/** NHS Digital's files: Windows-1252 CSV; FTE of "Social Prescribing Link Workers" per census month. */
function nhsdLinkWorkerFte(): Map<string, number> {
  return nhsdLinkWorkers().fte;
}

/**
 * Per census month: link-worker FTE, and headcount as NHS Digital counts it nationally (distinct
 * UNIQUE_IDENTIFIER; contracted-services records have none and add no headcount).
 */
function nhsdLinkWorkers(): { fte: Map<string, number>; headcount: Map<string, number> } {
  const totals = new Map<string, number>();
  const people = new Map<string, Set<string>>();
  const files = readdirSync(WORKFORCE_DIR).filter((f) => f.endsWith('.csv'));
  expect(files).toHaveLength(11);
  for (const f of files) {
    const text = new TextDecoder('windows-1252').decode(readFileSync(join(WORKFORCE_DIR, f)));
    const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1);
    const col = (name: string) => header.findIndex((h) => h.trim().toUpperCase() === name);
    const [year, month, role, fte, uid] = [
      'CENSUS_YEAR',
      'CENSUS_MONTH',
      'STAFF_ROLE',
      'FTE',
      'UNIQUE_IDENTIFIER',
    ].map(col);
    for (const r of rows) {
      if (r[role].trim() !== 'Social Prescribing Link Workers') continue;
      const key = `${r[year]}-${r[month].padStart(2, '0')}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(r[fte]));
      const id = r[uid]?.trim();
      if (!people.has(key)) people.set(key, new Set());
      if (id && id !== 'NULL') people.get(key)!.add(id);
    }
  }
  return { fte: totals, headcount: new Map([...people].map(([k, v]) => [k, v.size])) };
}

describe('workforce', () => {
  it('national link-worker FTE per month equals the NHS Digital files’ totals', async () => {
    const expected = nhsdLinkWorkerFte();
    expect(expected.size).toBe(11);
    const body = (await (await get('/api/v1/workforce')).json()) as { rows: Record<string, unknown>[] };
    const nhsd = new Map(
      body.rows.filter((r) => r.source === 'nhsd').map((r) => [String(r.month).slice(0, 7), r.fte as number]),
    );
    expect([...nhsd.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [month, fte] of expected) expect(nhsd.get(month), month).toBeCloseTo(fte, 4);
  });

  it('national link-worker headcount per month is distinct people, not staff records', async () => {
    const expected = nhsdLinkWorkers().headcount;
    expect(expected.get('2022-09')).toBe(1659);
    const body = (await (await get('/api/v1/workforce')).json()) as { rows: Record<string, unknown>[] };
    const nhsd = new Map(
      body.rows.filter((r) => r.source === 'nhsd').map((r) => [String(r.month).slice(0, 7), r.headcount]),
    );
    expect(nhsd).toEqual(expected);
  });
});
