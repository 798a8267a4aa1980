import { chromium } from 'playwright-core';

/**
 * The commissioner pack: the dashboard's own pages for one area and period, rendered by their
 * print stylesheet in Chromium into one A4 PDF behind a cover. The figures are the pages' figures,
 * so they pass the same disclosure control as the dashboard and the API.
 */
export const PACK_PAGES = [
  ['/', 'Headline figures against targets'],
  ['/referrals', 'Referrals (SPC)'],
  ['/capacity', 'Link-worker capacity'],
  ['/outcomes', 'Wellbeing outcomes'],
  ['/loneliness', 'Loneliness outcomes'],
  ['/equity', 'Equity'],
  ['/data-quality', 'Data quality caveats'],
  ['/indicators', 'Indicator definitions'],
] as const;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
  period: string;
  out: string;
  /** a session cookie or Authorization header to send, when the dashboard needs sign-in */
  headers?: Record<string, string>;
  executablePath?: string;
}

export interface PackReport {
  out: string;
  sections: { path: string; title: string; included: boolean; status?: number }[];
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export async function renderPack(o: PackOptions): Promise<PackReport> {
  const { from, to } = periodRange(o.period);
  const query = `?area=${encodeURIComponent(o.area)}&from=${from}&to=${to}`;
  const browser = await chromium.launch({
    executablePath: o.executablePath ?? process.env.SPO_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
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
        return { main: main.innerHTML, styles: styles.join('\n'), text };
      });
      if (!head) head = got.styles;
      asOf ||= /data as of[^\n]*/i.exec(got.text)?.[0] ?? '';
      if (path === '/')
        areaName =
          /\n([^\n]*(ICB|Integrated Care Board|PCN|Region|England)[^\n]*)\n/.exec(got.text)?.[1] ?? o.area;
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
<p class="spo-pack-period">Financial year ${esc(o.period)} (${from} to ${to}) · area ${esc(o.area)}</p>
<p>${esc(asOf)}</p><h2>Contents</h2><ol>${contents}</ol>
<p class="spo-pack-note">Figures are the dashboard's, under its disclosure control: counts of 1–7 suppressed ([c]),
others rounded to 5; rates and means on fewer than 8 people not shown.</p></section>`;
    const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><base href="${esc(o.baseUrl)}">${head}
<style>@page{size:A4;margin:14mm 12mm}.spo-pack-section{break-before:page}.spo-pack-cover h1{font-size:32pt;margin-top:40mm}
.spo-pack-area{font-size:18pt;font-weight:bold}.spo-noprint,nav,header,footer form{display:none!important}</style></head>
<body>${cover}${bodies.join('\n')}</body></html>`;
    await page.setContent(html, { waitUntil: 'networkidle' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: o.out,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center">${esc(areaName)} · ${esc(o.period)} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
    return { out: o.out, sections };
  } finally {
    await browser.close();
  }
}
