/**
 * Every page of the built dashboard in Chromium, signed in as the admin: loads without console
 * errors, shows "data as of", has no serious or critical axe-core violations; filters, drill-down
 * and downloads work; pages reflow at 320 px wide and print on A4. Each page is visited once per
 * concern, with several assertions.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseCsv } from './csv.ts';
import { openSession, seriousViolations, type Session } from '../../bench/harness/browser.ts';
import { ROOT } from '../../bench/harness/dashboard.ts';
import { DATA_PAGE_PATHS } from '../../src/lib/pages.ts';
import { PER_PAGE } from '../../src/lib/paging.ts';

const base = inject('baseUrl');
let s: Session;

beforeAll(async () => {
  s = await openSession(base, { name: inject('adminName'), password: inject('adminPassword') });
});
afterAll(() => s?.close());

/**
 * Every panel's CSV download holds exactly its table: same columns, same rows, same cells (the
 * page adds thousands separators). Returns the number of panels.
 */
async function downloadsMatchTables(page: Page): Promise<number> {
  const panels = await page.locator('section[data-dataset]').all();
  for (const panel of panels) {
    const id = await panel.getAttribute('data-dataset');
    const shown = await panel
      .locator('table[data-testid="data-table"] tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
      );
    const href = await panel.getByTestId('csv').getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status(), `${id}: ${href}`).toBe(200);
    const csv = parseCsv(await res.text());
    const plain = (x: string) => (/^-?[\d,]+(\.\d+)?$/.test(x) ? x.replace(/,/g, '') : x);
    expect(
      shown.map((r) => r.map(plain)),
      `${id}: table and CSV`,
    ).toEqual(csv);
    const json = await page.request.get((await panel.getByTestId('json').getAttribute('href'))!);
    expect(((await json.json()) as { rows: unknown[] }).rows.length, `${id}: JSON rows`).toBe(csv.length - 1);
  }
  return panels.length;
}

/** The checks every page gets. */
async function common(path: string) {
  const page = await s.visit(path);
  expect(await page.getByTestId('data-as-of').textContent()).toMatch(/Data as of \d/);
  expect(await page.locator('h1').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  expect(s.problems).toEqual([]);
  return page;
}

describe('overview', () => {
  it('loads, is accessible, and is the README screenshot', async () => {
    const page = await common('/');
    expect(await page.locator('h1').textContent()).toContain('England');
    expect(
      Number((await page.getByTestId('headline-referrals').textContent())!.replace(/,/g, '')),
    ).toBeGreaterThan(1000);
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs/screenshot-overview.png'), fullPage: true });
  });
});

/** Chooses options in the filter form and applies it; resolves on the new page. */
async function applyFilters(page: Page, choices: Record<string, string>) {
  for (const [name, value] of Object.entries(choices)) await page.selectOption(`#filter-${name}`, value);
  await Promise.all([page.waitForURL(/\?/), page.click('form[aria-label="Filters"] button[type="submit"]')]);
  await page.waitForLoadState('networkidle');
}

describe('link-worker capacity', () => {
  it('drills from a PCN bar in the chart to that PCN’s capacity, keeping the period; the table has the same links', async () => {
    const page = await common('/capacity?from=2024-06&to=2025-03');
    const workforce = page.locator('section[data-dataset="workforce"] h2');
    const england = await workforce.textContent();
    const panel = page.locator('section[data-dataset="capacity-by-pcn"]');
    expect(await panel.locator('h2').textContent()).toMatch(/ of \d{3,} PCNs have no link worker/);
    await panel.locator('svg a').first().waitFor();
    // one link per bar whose PCN is a real area (not NHS Digital's "unallocated")
    const bars = panel.locator('svg a');
    expect(await bars.count()).toBeGreaterThan(10);
    const bar = bars.last();
    const href = (await bar.getAttribute('href'))!;
    expect(href).toMatch(/^\/capacity\?/);
    const target = new URL(href, base).searchParams;
    expect(target.get('area')).toMatch(/^PCN:[A-Z0-9]+$/);
    expect(target.get('from')).toBe('2024-06');
    expect(target.get('to')).toBe('2025-03');
    const name = (await bar.locator('title').textContent())!.replace(/: [^:]*$/, '');
    // the keyboard's way to the same place: the table's PCN names are the same links
    await panel.locator('summary').click();
    expect(await panel.locator(`[data-testid="drill"][href="${href}"]`).textContent()).toBe(name);

    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('area') === target.get('area')),
      bar.click(),
    ]);
    await page.waitForLoadState('networkidle');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/capacity');
    expect(url.searchParams.get('from')).toBe('2024-06');
    expect(await page.locator('#filter-area').inputValue()).toBe(target.get('area'));
    expect(
      await page.locator('section[data-dataset="workforce"] [data-testid="summary"]').textContent(),
    ).toContain(`Link workers in ${name} by month`);
    expect(await workforce.textContent()).not.toBe(england);
    expect(await panel.locator('h2').textContent()).toMatch(/ of 1 PCNs have no link worker/);
    // at the PCN itself there is nowhere further down to go
    expect(await panel.locator('svg a').count()).toBe(0);
    expect(s.problems).toEqual([]);
  });
});

describe('wellbeing outcomes', () => {
  it('shows change per instrument with completeness and its warning; the instrument filter changes the URL and the figures', async () => {
    const page = await common('/outcomes');
    expect(await downloadsMatchTables(page)).toBe(4);
    const outcomes = page.locator('section[data-dataset="outcomes"]');
    expect(await outcomes.locator('h2').textContent()).toMatch(/improved/);
    expect(await outcomes.getByTestId('summary').textContent()).toMatch(/SWEMWBS metric: mean change [+-]\d/);
    // follow-up completeness in the generated data is about 30%: the warning shows
    expect(await page.getByTestId('completeness-warning').textContent()).toContain('follow-up is incomplete');
    expect(await page.locator('section[data-dataset="outcome-completeness"]').count()).toBe(1);
    expect(await page.locator('#focus').textContent()).toContain('Short Warwick-Edinburgh');
    expect(await page.locator('section[data-dataset="outcome-distribution"] svg').count()).toBeGreaterThan(0);

    await applyFilters(page, { instrument: 'UCLA3' });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/outcomes');
    expect(url.searchParams.get('instrument')).toBe('UCLA3');
    expect(await page.locator('#focus').textContent()).toContain('UCLA');
    const rows = await page.locator('section[data-dataset="outcomes"] tbody tr').count();
    expect(rows).toBe(1);
    expect(s.problems).toEqual([]);
  });
});

describe('loneliness', () => {
  it('shows the share lonely on the same people, everyone assessed as labelled context, and De Jong Gierveld change', async () => {
    const page = await common('/loneliness');
    expect(await downloadsMatchTables(page)).toBe(3);
    // the headline is paired (issue 12): the same people at baseline and follow-up
    const share = page.locator('section[data-dataset="loneliness-paired"]');
    expect(await share.locator('h2').textContent()).toMatch(
      /^Among the same [\d,]+ people, the share lonely on UCLA-3.*\d+% at baseline, \d+% at follow-up/,
    );
    expect(await page.locator('section[data-dataset="loneliness"] h2').textContent()).toMatch(
      /^Context: everyone assessed.*not a measure of change/,
    );
    const headings = await share.locator('th').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['95% CI lower (%)', '95% CI upper (%)']));
    expect(await page.locator('section[data-dataset="loneliness-change"] h2').textContent()).toMatch(
      /De Jong Gierveld loneliness scores (fell|rose) by/,
    );
  });
});

describe('compare areas', () => {
  it('shows a funnel plot and map of ICBs, with significance; drills from an ICB to its PCNs and from a PCN to its overview', async () => {
    const page = await common('/compare');
    expect(await downloadsMatchTables(page)).toBe(2);
    const funnel = page.locator('section[data-dataset="compare"]').first();
    expect(await funnel.locator('h2').textContent()).toMatch(/\d+ ICBs refer more than England/);
    expect(await funnel.locator('tbody tr').count()).toBe(42);
    const significance = await funnel.locator('tbody tr td:last-child').allTextContents();
    expect(new Set(significance).size).toBeGreaterThan(0);
    for (const v of significance) expect(['higher', 'similar', 'lower', 'not compared']).toContain(v);
    // the map: 42 ICB shapes, each a link to that ICB
    await page.waitForSelector('section[data-dataset="compare"] >> nth=1 >> svg path');
    expect(await page.locator('section[data-dataset="compare"]').nth(1).locator('svg a').count()).toBe(42);

    // drill from the table's first ICB into its PCNs (keyboard: open the data table, follow the link)
    await funnel.locator('summary').click();
    const link = funnel.getByTestId('drill').first();
    const icb = await link.textContent();
    await Promise.all([page.waitForURL(/area=ICB%3A|area=ICB:/), link.click()]);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').textContent()).toBe('Compare areas');
    expect(await page.locator('.nhsuk-lede-text').textContent()).toContain(`PCNs in ${icb}`);
    await page.locator('section[data-dataset="compare"] summary').first().click();
    const pcnLink = page.locator('section[data-dataset="compare"]').first().getByTestId('drill').first();
    expect(await pcnLink.getAttribute('href')).toMatch(/^\/\?.*area=PCN%3A/);
    await Promise.all([page.waitForURL(/area=PCN/), pcnLink.click()]);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').textContent()).toMatch(/PCN/i);
    expect(s.problems).toEqual([]);
  });
});

describe('equity', () => {
  it('shows shares by group, access rates per 1,000 residents (saying why not by age and sex), change by deprivation and the slope index', async () => {
    const page = await common('/equity');
    expect(await downloadsMatchTables(page)).toBe(5);
    expect(await page.locator('section[data-dataset="equity"] h2').textContent()).toMatch(
      /most deprived fifth/,
    );
    // issue 16: rates by decile and ethnic group now have a population (Census 2021 residents);
    // only age and sex still lack one
    expect(await page.locator('section[data-dataset="equity"]').textContent()).toContain(
      'Rates by age and sex are not shown',
    );
    for (const id of ['access-by-deprivation', 'access-by-ethnicity'])
      expect(await page.locator(`section[data-dataset="${id}"] h2`).textContent(), id).toMatch(
        /per 1,000 residents a year/,
      );
    expect(await page.locator('section[data-dataset="access-by-deprivation"]').textContent()).toContain(
      'Residents are not registered patients',
    );
    expect(await page.locator('section[data-dataset="inequality"] h2').textContent()).toMatch(/slope index/);
  });
});

describe('filters', () => {
  it('change the URL and the figures: an ICB and a shorter period on the overview', async () => {
    const page = await s.visit('/');
    const england = await page.getByTestId('headline-referrals').textContent();
    const icb = await page.locator('#filter-area optgroup[label="Integrated care boards"] option').first();
    const code = (await icb.getAttribute('value'))!;
    await applyFilters(page, { area: code, from: '2024-10' });
    const url = new URL(page.url());
    expect(url.searchParams.get('area')).toBe(code);
    expect(url.searchParams.get('from')).toBe('2024-10');
    expect(await page.locator('h1').textContent()).toContain(await icb.textContent());
    expect(await page.getByTestId('headline-referrals').textContent()).not.toBe(england);
    // the navigation keeps the filters
    expect(await page.locator('nav a[href^="/referrals"]').getAttribute('href')).toContain(
      `area=${encodeURIComponent(code)}`,
    );
    expect(s.problems).toEqual([]);
  });
});

describe('data quality', () => {
  it('shows loads, rejects with reasons, completeness per field and PCN, follow-up, SNOMED conformance, duplicates and rows without a referral', async () => {
    const page = await common('/data-quality');
    expect(await downloadsMatchTables(page)).toBe(7);
    for (const id of [
      'data-quality',
      'dq-rejects',
      'dq-completeness',
      'dq-completeness-by-pcn',
      'outcome-completeness',
      'dq-snomed',
      'dq-orphans',
    ])
      expect(await page.locator(`section[data-dataset="${id}"]`).count(), id).toBe(1);
    expect(await page.locator('section[data-dataset="data-quality"] h2').textContent()).toMatch(
      /\d+ files loaded/,
    );
    // the generated extracts include invalid rows: the loader's reasons are listed
    expect(await page.locator('section[data-dataset="dq-rejects"] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('section[data-dataset="dq-snomed"] h2').textContent()).toMatch(
      /conformant SNOMED code/,
    );
    // the PCN chart drills too: each of its bars (the page of the list its table shows, England's
    // PCNs being paged: PER_PAGE) opens that PCN's data quality
    const pcnBars = page.locator('section[data-dataset="dq-completeness-by-pcn"] svg a');
    await pcnBars.first().waitFor();
    expect(await pcnBars.count()).toBe(PER_PAGE);
    for (const href of await pcnBars.evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
      expect(href).toMatch(/^\/data-quality\?area=PCN%3A[A-Z0-9]+$/);
  });
});

describe('the other pages', () => {
  it.each(['/referrals', '/capacity', '/indicators', '/indicators/wellbeing-change'])(
    '%s loads without errors and is accessible; downloads match tables',
    async (path) => {
      const page = await common(path);
      if (!path.startsWith('/indicators')) expect(await downloadsMatchTables(page)).toBeGreaterThan(1);
    },
  );
});

/** Pages in a PDF: pdfinfo (poppler-utils) where installed, else its /Type /Page objects. */
function pdfPages(pdf: Buffer): { pages: number; size: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'spo-print-'));
  try {
    const file = join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), size: /^Page size:\s+(.*)$/m.exec(info)![1] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return { pages: pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0, size: null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('print', () => {
  it.each([
    ['/', 2],
    ['/capacity?area=ICB:QHM', 3],
  ] as const)(
    '%s prints on A4 in at most %i pages: no menu, filters or downloads; the figures, charts, area, period and address',
    async (path, most) => {
      const page = await s.visit(path);
      const context = page.getByTestId('print-context');
      expect(await context.isVisible(), 'print-only on screen').toBe(false);
      if (path !== '/') await page.locator('.spo-chart svg').first().waitFor();
      await page.emulateMedia({ media: 'print' });
      try {
        for (const hidden of [
          '.nhsuk-header nav',
          'form[aria-label="Filters"]',
          '.nhsuk-skip-link',
          '[data-testid="pack-link"]',
          '[data-testid="csv"]',
          'details summary',
          '[data-testid="pager-next"]',
        ])
          for (const el of await page.locator(hidden).all()) expect(await el.isVisible(), hidden).toBe(false);
        expect(await page.locator('h1').isVisible()).toBe(true);
        expect(await page.getByTestId('data-as-of').textContent()).toMatch(/Data as of \d/);
        expect(await page.getByTestId('data-as-of').isVisible()).toBe(true);
        expect(await context.isVisible()).toBe(true);
        const said = (await context.innerText()).replace(/\s+/g, ' ');
        expect(said).toContain(path === '/' ? 'England' : 'North East and North Cumbria');
        expect(said).toMatch(/April 2024 to March 2025/);
        expect(said).toContain(page.url());
        if (path === '/') {
          for (const tile of ['referrals', 'workforce', 'wellbeing', 'loneliness'])
            expect(await page.getByTestId(`tile-${tile}`).isVisible(), tile).toBe(true);
          expect(await page.getByTestId('headline-referrals').isVisible()).toBe(true);
          expect(await page.getByTestId('headline-referrals').textContent()).toMatch(/^\d[\d,]*$/);
        } else {
          // each chart's plot is its last svg (a legend's swatches are svgs too)
          // workforce, PCN capacity and (issue 16) the projection, demand against supply and the
          // backlog; an ICB's GP appointments are one month (May 2025), which has no chart
          const charts = page.locator('.spo-chart');
          expect(await charts.count()).toBe(5);
          for (const chart of await charts.all())
            expect(await chart.locator('svg').last().isVisible()).toBe(true);
          for (const title of await page.locator('section[data-dataset] h2').all())
            expect(await title.isVisible()).toBe(true);
          // the ICB's PCNs run to more than a page: on paper, which ones are shown, not the links
          expect(await page.getByTestId('pager-status').isVisible()).toBe(true);
          expect(await page.getByTestId('pager-status').innerText()).toMatch(/^PCNs 1–25 of \d+/);
        }
        // no panel is cut by the A4 page width (186 mm between the margins, 703 CSS px)
        await page.setViewportSize({ width: 703, height: 900 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(704);

        const pdf = await page.pdf({ format: 'A4' });
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const { pages, size } = pdfPages(pdf);
        if (size) expect(size).toMatch(/^59[56](\.\d+)? x 84[12](\.\d+)? pts/);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(most);
      } finally {
        await page.emulateMedia({ media: null });
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      expect(s.problems).toEqual([]);
    },
  );
});

describe('narrow screens: 320 × 640 CSS px (WCAG 1.4.10 reflow)', () => {
  const PAGES = [...DATA_PAGE_PATHS, '/indicators', '/indicators/wellbeing-change', '/admin'];

  /** The document's width against the window's, the elements that stick out, and the table wrappers. */
  async function reflow(page: Page) {
    // open every "Show the data": a table must fit or scroll inside its own wrapper
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    // the wrappers' region, label and tab stop follow their overflow (a ResizeObserver)
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.spo-table-wrap')].every(
        (w) => w.scrollWidth > w.clientWidth + 1 === (w.getAttribute('tabindex') === '0'),
      ),
    );
    return page.evaluate(() => {
      const root = document.documentElement;
      const right = root.clientWidth + 1;
      const outside = [...document.querySelectorAll('body *')]
        .filter((el) => !el.parentElement?.closest('.spo-table-wrap'))
        .filter((el) => el.getBoundingClientRect().right > right && el.getBoundingClientRect().width > 0)
        .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > right))
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      const scrolling = [...document.querySelectorAll('.spo-table-wrap')]
        .filter((w) => w.scrollWidth > w.clientWidth + 1)
        .map((w) => ({
          role: w.getAttribute('role'),
          label: w.getAttribute('aria-label'),
          tabindex: w.getAttribute('tabindex'),
        }));
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, outside, scrolling };
    });
  }

  let scrollingTables = 0;
  beforeAll(() => s.page.setViewportSize({ width: 320, height: 640 }));
  afterAll(async () => {
    await s.page.setViewportSize({ width: 1280, height: 900 });
  });

  it.each(PAGES)(
    '%s does not scroll sideways; a table that does scrolls in a labelled, focusable region',
    async (path) => {
      const page = await s.visit(path);
      const r = await reflow(page);
      expect(r.clientWidth).toBe(320);
      expect(r.outside, 'elements wider than the window').toEqual([]);
      expect(r.scrollWidth).toBeLessThanOrEqual(r.clientWidth + 1);
      for (const w of r.scrolling) {
        expect(w.role).toBe('region');
        expect(w.label).toMatch(/\S/);
        expect(w.tabindex).toBe('0');
      }
      scrollingTables += r.scrolling.length;
      // the open tables and their scrolling regions pass axe too
      if (r.scrolling.length) expect(await seriousViolations(page)).toEqual([]);
      expect(s.problems).toEqual([]);
    },
  );

  it('some tables are too wide for 320 px and scroll on their own (the check above is not vacuous)', () => {
    expect(scrollingTables).toBeGreaterThan(5);
  });

  it('/login (signed out) does not scroll sideways', async () => {
    const context = await s.browser.newContext({
      baseURL: base,
      viewport: { width: 320, height: 640 },
      extraHTTPHeaders: { 'x-forwarded-proto': 'http' },
    });
    try {
      const page = await context.newPage();
      const res = await page.goto('/login', { waitUntil: 'networkidle' });
      expect(res?.status()).toBe(200);
      const r = await reflow(page);
      expect(r.outside).toEqual([]);
      expect(r.scrollWidth).toBeLessThanOrEqual(r.clientWidth + 1);
    } finally {
      await context.close();
    }
  });
});
