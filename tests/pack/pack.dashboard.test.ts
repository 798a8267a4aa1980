/**
 * The /pack route of the running dashboard (tests/e2e/global-setup.ts): the PDF an admin gets
 * holds every page for the area and period with the API's own figures; an ICB user asking for an
 * area outside their scope gets 403; every page links to the pack (keeping its filters) and the
 * notebooks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { PACK_PAGES } from '../../src/lib/server/pack/pack.ts';

const base = inject('baseUrl');
// the harness's server reads the scheme from this header, as behind a proxy
const admin = { authorization: `Bearer ${inject('adminToken')}`, 'x-forwarded-proto': 'http' };
const AREA = 'ICB:QHM';
const RANGE = 'from=2024-04&to=2025-03';
const fmt = (n: number) => n.toLocaleString('en-GB');

let dir: string;
let icbToken: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-pack-'));
  const store = new AuthStore(inject('db'));
  try {
    store.addUser('pack-icb-user', 'icb', ['QHM'], null);
    icbToken = store.createToken('pack-icb-user', 'pack test').token;
  } finally {
    store.close();
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const api = async <T>(dataset: string) => {
  const res = await fetch(`${base}/api/v1/${dataset}?area=${AREA}&${RANGE}`, { headers: admin });
  expect(res.status, dataset).toBe(200);
  return (await res.json()) as T;
};

describe('GET /pack', () => {
  it('gives an admin one A4 PDF of every page, with the figures the API gives', async () => {
    const res = await fetch(`${base}/pack?area=${AREA}&${RANGE}`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="sp-observatory-pack-ICB-QHM-2024-04-to-2025-03.pdf"',
    );
    const file = join(dir, 'pack.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[56]\.?\d* x 84[12]\.?\d* pts/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    // the cover, then each view on its own pages: one each, but the capacity page may run to three
    // (its print test's limit) and data quality to a second
    expect(pages.length).toBeGreaterThanOrEqual(1 + PACK_PAGES.length);
    expect(pages.length).toBeLessThanOrEqual(1 + PACK_PAGES.length + 2 + 1);
    expect(pages[0]).toContain('Commissioner pack');
    expect(pages[0]).toContain('NHS North East and North Cumbria Integrated Care Board');
    const flat = text.replace(/\s+/g, ' ');
    for (const heading of [
      'Referrals',
      'Link-worker capacity',
      'Wellbeing outcomes',
      'Loneliness',
      'Health-care use',
      'Equity',
      'Compare areas',
      'Data quality',
      'Indicator definitions',
    ])
      expect(flat).toContain(heading);
    expect(flat).toMatch(/Data as of \d/);
    expect(flat).not.toContain('Download pack');

    // referrals: the total the API gives for the area and period, on the overview and referrals pages
    const referrals = await api<{
      area: { registeredPatients?: number };
      rows: { referrals: number | null }[];
    }>('referrals');
    const total = referrals.rows.reduce((s, r) => s + (r.referrals ?? 0), 0);
    expect(total).toBeGreaterThan(100);
    expect(flat).toContain(`${fmt(total)} referrals in ${referrals.rows.length} months`);

    // capacity: how many of the area's PCNs the API lists, and how many have no link worker
    const pcns = await api<{ rows: { fte: number | null }[] }>('capacity-by-pcn');
    expect(pcns.rows.length).toBeGreaterThan(5);
    const without = pcns.rows.filter((r) => !r.fte).length;
    expect(flat).toContain(`${without} of ${pcns.rows.length} PCNs have no link worker`);
  });

  it('refuses an ICB user an area outside their scope', async () => {
    const areas = (await (await fetch(`${base}/api/v1/areas`, { headers: admin })).json()) as {
      rows: { icb_code: string | null; pcn_code: string | null }[];
    };
    const elsewhere = areas.rows.find((a) => a.pcn_code && a.icb_code && a.icb_code !== 'QHM')!;
    expect(elsewhere).toBeDefined();
    const icb = { authorization: `Bearer ${icbToken}`, 'x-forwarded-proto': 'http' };
    const res = await fetch(`${base}/pack?area=PCN:${elsewhere.pcn_code}&${RANGE}`, { headers: icb });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).not.toBe('application/pdf');
  });
});

describe('links', () => {
  it('every page links to the pack for its area and period, and to the notebooks', async () => {
    for (const path of ['/', '/referrals', '/equity']) {
      const res = await fetch(`${base}${path}?area=${AREA}&${RANGE}`, { headers: admin });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(
        /href="\/pack\?area=ICB:QHM&amp;from=2024-04&amp;to=2025-03"[^>]*>Download pack \(PDF\)/,
      );
      expect(html).toContain('href="/notebooks/"');
    }
  });
});
