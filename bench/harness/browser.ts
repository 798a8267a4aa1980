/**
 * Debian's Chromium through playwright-core, signed in to the dashboard as the admin, with a
 * `visit` that fails on console errors, page errors, failed requests and non-200 documents, and an
 * `axe` that runs axe-core in the page.
 */
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../src/lib/server/chromium.ts';

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** problems seen since the last `visit` (console errors, page errors, failed requests) */
  problems: string[];
  visit(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function openSession(
  baseUrl: string,
  user: { name: string; password: string } | null,
): Promise<Session> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 900 },
    // the server (bench/harness/dashboard.ts) reads the scheme from this header, as behind a proxy
    extraHTTPHeaders: { 'x-forwarded-proto': 'http' },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // a download link the test follows is not a failure
    if (!r.failure()?.errorText.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()}`);
  });
  if (user) {
    // fill in after hydration, which would reset the inputs' values
    await page.goto('/login', { waitUntil: 'networkidle' });
    await page.fill('input[name="name"]', user.name);
    await page.fill('input[name="password"]', user.password);
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form[method="POST"] button[type="submit"]'),
    ]);
    await page
      .waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 })
      .catch(async () => {
        throw new Error(
          `sign-in as ${user.name} failed: ${(await page.locator('main').innerText()).slice(0, 300)}`,
        );
      });
  }
  return {
    browser,
    context,
    page,
    problems,
    async visit(path) {
      problems.length = 0;
      const res = await page.goto(path, { waitUntil: 'networkidle' });
      if (!res || res.status() !== 200) throw new Error(`${path}: HTTP ${res?.status()}`);
      return page;
    },
    close: () => browser.close(),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core in the page (WCAG 2.x A and AA rules); returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated over the DevTools protocol, which the page's CSP (script-src 'self') does not govern
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = (await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> };
      }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
}
