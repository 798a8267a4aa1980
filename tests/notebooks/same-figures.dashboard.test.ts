/**
 * One release path (issue 11): the same view — the wellbeing outcomes table for England over the
 * default period, as a viewer sees it — carries the same figures in /api/v1/outcomes, the rendered
 * /outcomes page, the pack PDF and the built notebook. Each is compared cell by cell with the API's
 * rows formatted as the dashboard formats them (src/lib/format/cells.ts), so a path that computed
 * its own n, mean, interval or share would differ. Also: /notebooks and /notebooks/ do not redirect
 * to each other, and a build is served only to its own role (and admins).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cellText } from '../../src/lib/format/cells.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

const base = inject('baseUrl');
const proto = { 'x-forwarded-proto': 'http' };
let viewer: Record<string, string>;
let icb: Record<string, string>;
const admin = { authorization: `Bearer ${inject('adminToken')}`, ...proto };
let dir: string;

interface Api {
  from: string;
  to: string;
  columns: { key: string; label: string; kind: string }[];
  rows: Record<string, string | number | boolean | null>[];
}
let api: Api;
/** the dataset's columns with their formats (digits, percent), from the catalogue's dataset */
let columns: { key: string; label: string; kind: string; digits?: number; percent?: boolean }[];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
/** The body rows of the first table in `html`, as the text of each cell. */
const bodyRows = (html: string) => {
  const body = /<tbody[^>]*>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => text(c[1])),
  );
};
/** What every path must show for the API's rows. */
const expected = () => api.rows.map((r) => columns.map((c) => cellText(c, r[c.key])));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-same-'));
  const store = new AuthStore(inject('db'));
  try {
    store.addUser('same-viewer', 'viewer', [], null);
    store.addUser('same-icb', 'icb', ['QHM'], null);
    viewer = { authorization: `Bearer ${store.createToken('same-viewer', 'test').token}`, ...proto };
    icb = { authorization: `Bearer ${store.createToken('same-icb', 'test').token}`, ...proto };
  } finally {
    store.close();
  }
  const built = spawnSync(process.execPath, ['bin/spo.js', 'notebooks', '--db', inject('db')], {
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  const res = await fetch(`${base}/api/v1/outcomes`, { headers: viewer });
  expect(res.status).toBe(200);
  api = (await res.json()) as Api;
  // the columns' formats (digits, percent) as the dataset declares them
  const { outcomes } = await import('../../src/lib/server/datasets/outcomes.ts');
  // the columns that leave: a hidden one (the SD behind the interval) is used, never released
  columns = outcomes.columns.filter((c) => !c.hidden);
  expect(api.columns.map((c) => c.key)).toEqual(columns.map((c) => c.key));
  // a view with figures to compare: some instruments with n and a mean change shown
  expect(api.rows.filter((r) => r.n !== null && r.mean_change !== null).length).toBeGreaterThanOrEqual(3);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the same figures for one view in every path', () => {
  it('the /outcomes page shows the API rows', async () => {
    const res = await fetch(`${base}/outcomes`, { headers: viewer });
    expect(res.status).toBe(200);
    const html = await res.text();
    const section = /<section[^>]*data-dataset="outcomes"[^>]*>(.*?)<\/section>/s.exec(html)?.[1];
    expect(section).toBeDefined();
    expect(bodyRows(section!)).toEqual(expected());
  });

  it('the notebook shows the API rows', async () => {
    const res = await fetch(`${base}/notebooks/wellbeing-change`, { headers: viewer });
    expect(res.status).toBe(200);
    const html = await res.text();
    const table =
      /<figure class="table"[^>]*><figcaption>Wellbeing change in England<\/figcaption>(.*?)<\/figure>/s.exec(
        html,
      )?.[1];
    expect(table).toBeDefined();
    expect(bodyRows(table!)).toEqual(expected());
  });

  it("the pack PDF prints the page's lead figures for the view: SWEMWBS's n, mean change, CI, effect size and share", async () => {
    const res = await fetch(`${base}/pack?from=${api.from}&to=${api.to}`, { headers: viewer });
    expect(res.status).toBe(200);
    const file = join(dir, 'pack.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const flat = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // the printed page gives the table's lead row (SWEMWBS, the page's default focus) in a sentence
    const row = api.rows.find((r) => r.instrument === 'SWEMWBS')!;
    expect(row.n).not.toBeNull();
    const f = (key: string) =>
      cellText(
        columns.find((c) => c.key === key)!,
        row[key],
      );
    const change = `${(row.mean_change as number) > 0 ? '+' : ''}${f('mean_change')}`;
    // (two columns of the A4 page: pdftotext may put the other column's text mid-sentence)
    expect(flat).toContain(
      `SWEMWBS metric: mean change ${change} (95% CI ${f('lower')} to ${f('upper')}) for ${f('n')} people with both`,
    );
    // the sentence runs on after "effect" in the left column; the other column's text may come between
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(flat).toMatch(
      new RegExp(
        `effect\\b[\\s\\S]{0,800}?size ${esc(f('effect_size'))}; ${esc(f('share_improved'))}% improved`,
      ),
    );
  });
});

describe('/notebooks', () => {
  it('/notebooks redirects to /notebooks/, which is served (no 308 loop)', async () => {
    const bare = await fetch(`${base}/notebooks`, { headers: viewer, redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/notebooks/');
    const slash = await fetch(`${base}/notebooks/`, { headers: viewer, redirect: 'manual' });
    expect(slash.status).toBe(200);
    expect(await slash.text()).toContain('href="wellbeing-change"');
  });

  it('serves the default (viewer) build to viewers and admins, not to an ICB user', async () => {
    expect((await fetch(`${base}/notebooks/who-is-referred`, { headers: admin })).status).toBe(200);
    const refused = await fetch(`${base}/notebooks/who-is-referred`, { headers: icb });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/built for viewers/);
  });
});
