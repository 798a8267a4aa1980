/**
 * Every page of the built dashboard in Chromium, signed in as the admin: loads without console
 * errors, shows "data as of", has no serious or critical axe-core violations; filters, drill-down
 * and downloads work. Each page is visited once, with several assertions.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openSession, seriousViolations, type Session } from './browser.ts';
import { ROOT } from './harness.ts';

const base = inject('baseUrl');
let s: Session;

beforeAll(async () => {
  s = await openSession(base, { name: inject('adminName'), password: inject('adminPassword') });
});
afterAll(() => s?.close());

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
