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
    // a person's own alerts (or the link to set them) are not the area's figures: not in the pack
    expect(flat).not.toContain('Set alerts');

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

    // the planning datasets (issue 16), each read in the pack as the API gives it. The two-column
    // panels are read in reading order (no -layout), so a title is not interleaved with its neighbour's.
    const reading = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const f = (v: unknown, digits = 0) =>
      (v as number).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    type Rows = { rows: Record<string, unknown>[] };
    // capacity projection: the ICB's own row (first), 24 months on with its interval
    const projection = (await api<Rows>('capacity-projection')).rows[0];
    expect(typeof projection.projected_24).toBe('number');
    expect(reading).toContain(
      `would have ${f(projection.projected_24)} FTE in 24 months (95% interval ${f(projection.lower_24)} to ${f(projection.upper_24)})`,
    );
    // demand against supply: the last month forecast, with its interval
    const ahead = (await api<Rows>('demand-supply')).rows
      .filter((r) => typeof r.forecast === 'number')
      .at(-1)!;
    expect(reading).toContain(
      `is forecast ${f(ahead.forecast)} accepted referrals in ${String(ahead.month)} (95% interval ${f(ahead.lower)} to ${f(ahead.upper)})`,
    );
    // the backlog: the last month end with every band shown, all and over 28 days
    const backlog = (await api<Rows>('referral-backlog')).rows;
    expect(backlog.length).toBeGreaterThan(0);
    const month = [...new Set(backlog.map((r) => String(r.month)))]
      .reverse()
      .find((m) => backlog.filter((r) => r.month === m).every((r) => typeof r.referrals === 'number'));
    const bands = backlog.filter((r) => r.month === month);
    const sum = (rs: Record<string, unknown>[]) => rs.reduce((a, r) => a + (r.referrals as number), 0);
    // at this test's size every month end has a band of 1–7 (withheld): the page must say so
    if (!month) expect(reading).toContain('No month end in this period with every wait band shown');
    else
      expect(reading).toContain(
        `${f(sum(bands))} accepted referrals were waiting for first contact at the end of ${month}, ${f(
          sum(bands.filter((r) => r.wait === '29-56' || r.wait === '57+')),
        )} of them for more than 28 days`,
      );
    // access rates by deprivation and by ethnic group: the lowest and highest rate per 1,000
    for (const [dataset, words] of [
      ['access-by-deprivation', 'Referral rates run from'],
      ['access-by-ethnicity', 'Referral rates by ethnic group run from'],
    ] as const) {
      const rates = (await api<Rows>(dataset)).rows
        .filter((r) => [r.rate_per_1000, r.lower, r.upper].every((v) => typeof v === 'number'))
        .map((r) => r.rate_per_1000 as number);
      expect(rates.length, dataset).toBeGreaterThan(1);
      expect(reading).toContain(`${words} ${f(Math.min(...rates), 1)} per 1,000 residents a year (`);
      expect(reading).toContain(`to ${f(Math.max(...rates), 1)} (`);
    }
    // GP social prescribing appointments: the ICB's one published month (May 2025), whatever the period
    const gpad = (await api<Rows>('gp-social-prescribing-appointments')).rows;
    expect(gpad.map((r) => r.month)).toEqual(['2025-05']);
    expect(reading).toContain(
      `${f(gpad[0].appointments)} social prescribing appointments in general practice in 2025-05 (${f(gpad[0].per_1000_patients, 2)} per 1,000 patients)`,
    );
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
