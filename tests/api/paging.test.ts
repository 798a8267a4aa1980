/**
 * Per-PCN tables at England are paged (issue 17): on the capacity and data-quality pages, page 2
 * shows the next PCNs after page 1, in the order of the whole table (the API's, unpaged); the
 * pager's links carry the page in the URL; the downloads ask for the page shown; the API pages
 * with `page` and `per_page`, and refuses a bad page or paging a dataset that is not paged.
 */
import { describe, expect, inject, it } from 'vitest';
import { PER_PAGE } from '../../src/lib/paging.ts';

const base = inject('baseUrl');
const auth = { authorization: `Bearer ${inject('adminToken')}`, 'x-forwarded-proto': 'http' };

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers: auth });
  return { status: res.status, body: await res.text() };
};
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

/** The section of the page holding the panel of `dataset`. */
const panel = (html: string, dataset: string) => {
  const start = html.indexOf(`data-dataset="${dataset}"`);
  expect(start, dataset).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
};
/** PCN codes in the panel's table, in order: the text of each body row's first cell. */
const codes = (section: string) =>
  [...(/<tbody[^>]*>(.*?)<\/tbody>/s.exec(section)?.[1] ?? '').matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map(
    (row) =>
      (/<td[^>]*>(.*?)<\/td>/s.exec(row[1])?.[1] ?? '')
        .replace(/<!--.*?-->/gs, '')
        .replace(/<[^>]+>/g, '')
        .trim(),
  );

describe.each([
  ['/capacity', 'capacity-by-pcn'],
  ['/data-quality', 'dq-completeness-by-pcn'],
])('%s: the per-PCN table', (path, dataset) => {
  it('shows the next PCNs on page 2, and links carry the page', async () => {
    const all = JSON.parse((await get(`/api/v1/${dataset}`)).body) as { rows: { pcn_code: string }[] };
    expect(all.rows.length).toBeGreaterThan(2 * PER_PAGE); // England lists every PCN
    const whole = all.rows.map((r) => r.pcn_code);

    const one = await get(path);
    expect(one.status).toBe(200);
    const first = panel(one.body, dataset);
    expect(codes(first)).toEqual(whole.slice(0, PER_PAGE));
    expect(first).toContain(`1–${PER_PAGE} of ${whole.length.toLocaleString('en-GB')}`);
    // the pager links to page 2 (state in the URL), and there is no "previous" on page 1
    const next = /<a href="([^"]+)"[^>]*data-testid="pager-next"/.exec(first)?.[1];
    expect(next && decode(next)).toBe(`${path}?pcn_page=2`);
    expect(first).not.toContain('data-testid="pager-prev"');

    const two = await get(decode(next!));
    expect(two.status).toBe(200);
    const second = panel(two.body, dataset);
    expect(codes(second)).toEqual(whole.slice(PER_PAGE, 2 * PER_PAGE));
    expect(/<a href="([^"]+)"[^>]*data-testid="pager-prev"/.exec(second)?.[1]).toBe(`${path}?pcn_page=1`);
    // the downloads are of the page shown
    const csv = /<a href="([^"]+)"[^>]*data-testid="csv"/.exec(second)?.[1];
    expect(decode(csv!)).toContain(`page=2&per_page=${PER_PAGE}`);
    const api = JSON.parse(
      (await get(decode(/<a href="([^"]+)"[^>]*data-testid="json"/.exec(second)![1]))).body,
    ) as {
      rows: { pcn_code: string }[];
      paging: { page: number; pages: number; rows: number };
    };
    expect(api.rows.map((r) => r.pcn_code)).toEqual(whole.slice(PER_PAGE, 2 * PER_PAGE));
    expect(api.paging).toMatchObject({
      page: 2,
      pages: Math.ceil(whole.length / PER_PAGE),
      rows: whole.length,
    });
  });

  it('answers a bad page with 400 naming it', async () => {
    const bad = await get(`${path}?pcn_page=0`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('pcn_page=0');
  });
});

describe('the API pages per-PCN datasets only', () => {
  it('pages with page and per_page, and refuses what it cannot page', async () => {
    const page = JSON.parse((await get('/api/v1/capacity-by-pcn?page=3&per_page=10')).body) as {
      rows: unknown[];
      paging: { page: number; per_page: number };
    };
    expect(page.rows).toHaveLength(10);
    expect(page.paging).toMatchObject({ page: 3, per_page: 10 });
    expect((await get('/api/v1/capacity-by-pcn?page=x')).status).toBe(400);
    expect((await get('/api/v1/capacity-by-pcn?per_page=501')).status).toBe(400);
    const notPaged = await get('/api/v1/referrals?page=2');
    expect(notPaged.status).toBe(400);
    expect(notPaged.body).toContain('not paged');
  });
});
