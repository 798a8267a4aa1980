import type * as Playwright from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import { chromiumLaunchOptions } from '../chromium.ts';

/**
 * The commissioner pack: the dashboard's own pages for one area and period, rendered by their
 * print stylesheet in Chromium into one A4 PDF behind a cover. The figures are the pages' figures,
 * so they pass the same disclosure control as the dashboard and the API.
 */
export const PACK_PAGES = [
  ['/', 'Headline figures against targets'],
  ['/referrals', 'Referrals (SPC) and GP social prescribing appointments'],
  ['/capacity', 'Link-worker capacity: FTE projected, referrals forecast against capacity, backlog'],
  ['/outcomes', 'Wellbeing outcomes'],
  ['/loneliness', 'Loneliness outcomes'],
  ['/healthcare-use', 'Health-care use against a matched comparison'],
  ['/equity', 'Equity, and access rates per 1,000 residents by deprivation and ethnic group'],
  ['/compare', 'Compare areas'],
  ['/data-quality', 'Data quality caveats'],
  ['/indicators', 'Indicator definitions'],
] as const;

/** '2024-25' → April 2024 to March 2025 as the dashboard's from/to (YYYY-MM). */
export function periodRange(period: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2]))
    throw new Error(`--period must be a financial year such as 2024-25, got ${period}`);
  return { from: `${m[1]}-04`, to: `${Number(m[1]) + 1}-03` };
}

/** The latest financial year whose March is on or before the latest month with data. */
export function latestCompleteYear(latestMonth: string): string {
  const [y, mo] = latestMonth.split('-').map(Number);
  const start = mo >= 3 ? y - 1 : y - 2;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export interface PackOptions {
  baseUrl: string;
  area: string;
  /** a financial year such as 2024-25; or give `from` and `to` (YYYY-MM) as the pages take them */
  period?: string;
  from?: string;
  to?: string;
  /** further page filters to keep (e.g. instrument) */
  params?: Record<string, string>;
  /** the file to write; the PDF is returned either way */
  out?: string;
  /** a session cookie or Authorization header to send, when the dashboard needs sign-in */
  headers?: Record<string, string>;
  executablePath?: string;
}

export interface PackReport {
  out?: string;
  pdf: Uint8Array;
  sections: { path: string; title: string; included: boolean; status?: number }[];
}

/** A4 less the PDF margins below (14 + 16 mm, 12 + 12 mm), in CSS pixels (96 per inch). */
const PAGE_CSS_PX = {
  width: Math.floor(((210 - 24) / 25.4) * 96),
  height: Math.floor(((297 - 30) / 25.4) * 96) - 8,
};

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * playwright-core, loaded when a pack is made: the dashboard's build (which bundles what it
 * imports) must not inline it, and a server without it still serves every page but the pack.
 */
async function loadPlaywright(): Promise<typeof Playwright> {
  const name = 'playwright-core';
  return (await import(/* @vite-ignore */ name)) as typeof Playwright;
}

export async function renderPack(o: PackOptions): Promise<PackReport> {
  const { from, to } = o.from && o.to ? { from: o.from, to: o.to } : periodRange(o.period ?? '');
  const period = o.period ?? (from === to ? from : `${from} to ${to}`);
  const query = `?${new URLSearchParams({ ...o.params, area: o.area, from, to })}`;
  const { chromium } = await loadPlaywright();
  const browser = await chromium.launch(chromiumLaunchOptions(o.executablePath));
  try {
    const context = await browser.newContext({ extraHTTPHeaders: o.headers ?? {} });
    const page = await context.newPage();
    const sections: PackReport['sections'] = [];
    const bodies: string[] = [];
    let head = '';
    let areaName = o.area;
    let asOf = '';
    for (const [path, title] of PACK_PAGES) {
      const response = await page.goto(new URL(`${path}${query}`, o.baseUrl).href, {
        waitUntil: 'networkidle',
      });
      if (!response || response.status() !== 200) {
        sections.push({ path, title, included: false, status: response?.status() ?? 0 });
        continue;
      }
      await page.emulateMedia({ media: 'print' });
      const got = await page.evaluate(() => {
        const main = document.querySelector('main') ?? document.body;
        const styles = [...document.querySelectorAll('link[rel="stylesheet"], style')].map(
          (e) => e.outerHTML,
        );
        const text = document.body.innerText;
        // the page's own name for its area (src/routes/+layout.svelte, the print-only line)
        const name = document.querySelector<HTMLElement>('[data-area-name]')?.dataset.areaName || null;
        return { main: main.innerHTML, styles: styles.join('\n'), text, name };
      });
      if (!head) head = got.styles;
      asOf ||= /data as of[^\n]*/i.exec(got.text)?.[0] ?? '';
      if (path === '/')
        areaName =
          got.name ??
          /\n([^\n]*(ICB|Integrated Care Board|PCN|Region|England)[^\n]*)\n/.exec(got.text)?.[1] ??
          o.area;
      sections.push({ path, title, included: true });
      bodies.push(
        `<section class="spo-pack-section" data-path="${esc(path)}"><main>${got.main}</main></section>`,
      );
    }
    const contents = sections
      .filter((s) => s.included)
      .map((s) => `<li>${esc(s.title)}</li>`)
      .join('');
    const cover = `<section class="spo-pack-cover"><p class="spo-pack-kicker">SP Observatory · social prescribing</p>
<h1>Commissioner pack</h1><p class="spo-pack-area">${esc(areaName)}</p>
<p class="spo-pack-period">${o.period ? `Financial year ${esc(o.period)} (${from} to ${to})` : `${from} to ${to}`} · area ${esc(o.area)}</p>
<p>${esc(asOf)}</p><h2>Contents</h2><ol>${contents}</ol>
<p class="spo-pack-note">Figures are the dashboard's, under its disclosure control: counts of 1–7 suppressed ([c]),
others rounded to 5; rates and means on fewer than 8 people not shown.</p></section>`;
    const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><base href="${esc(o.baseUrl)}">${head}
<style>@page{size:A4;margin:14mm 12mm}.spo-pack-section{break-before:page}.spo-pack-cover h1{font-size:32pt;margin-top:40mm}
.spo-pack-area{font-size:18pt;font-weight:bold}.spo-noprint,nav,header,footer form{display:none!important}
.spo-pack-section>main{display:grid;grid-template-columns:1fr 1fr;column-gap:6mm;align-items:start;padding:0}
.spo-pack-section>main>*{grid-column:1/-1;min-width:0}.spo-pack-section>main>.spo-panel{grid-column:auto;margin-bottom:4mm!important}
.spo-pack-section .spo-panel h2{font-size:12pt;margin-bottom:2mm}.spo-pack-section .spo-panel p{font-size:9pt;margin-bottom:2mm}
.spo-pack-section svg{max-width:100%;height:auto}</style></head>
<body>${cover}${bodies.join('\n')}</body></html>`;
    await page.setContent(html, { waitUntil: 'networkidle' });
    await page.emulateMedia({ media: 'print' });
    // One A4 page per view where it will go: a view taller than the page is scaled down to fit,
    // but no further than 60% (beyond that it runs on to a second page, still readable).
    await page.setViewportSize({ width: PAGE_CSS_PX.width, height: PAGE_CSS_PX.height });
    await page.evaluate((height) => {
      for (const s of document.querySelectorAll<HTMLElement>('.spo-pack-section')) {
        const h = s.getBoundingClientRect().height;
        if (h > height) s.style.zoom = String(Math.max(0.6, Math.floor((height / h) * 100) / 100));
      }
    }, PAGE_CSS_PX.height);
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center">${esc(areaName)} · ${esc(period)} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    if (o.out) await writeFile(o.out, pdf);
    return { out: o.out, pdf, sections };
  } finally {
    await browser.close();
  }
}
