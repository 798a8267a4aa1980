/**
 * Alerts saved per user, on the built dashboard: a viewer sets thresholds on /alerts with the
 * keyboard (the form passes axe, its errors too), sees them raised on the overview with the figure
 * the API gives them, `spo alerts --user` lists the same; another viewer sees none of it. A viewer
 * who chooses one ICB is alerted about it alone; an area outside their scope (a PCN) is refused
 * on the form and by `spo alerts`.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { alertsCommand } from '../../bin/cli/commands/alerts.ts';
import { openSession, seriousViolations, type Session } from '../../bench/harness/browser.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { snapshotsOf } from '../../src/lib/server/snapshot.ts';

const base = inject('baseUrl');
const SETTER = { name: 'alerts-setter', password: 'the setter’s password, not a secret' };
const OTHER = { name: 'alerts-other', password: 'the other’s password, not a secret' };
let setter: Session;
let other: Session;

beforeAll(async () => {
  const store = new AuthStore(inject('db'));
  try {
    for (const u of [SETTER, OTHER]) store.addUser(u.name, 'viewer', [], await hashPassword(u.password));
  } finally {
    store.close();
  }
  [setter, other] = await Promise.all([openSession(base, SETTER), openSession(base, OTHER)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([setter?.close(), other?.close()]);
});

/** `spo alerts --user NAME --json [more]` against the dashboard's warehouse. */
async function cliAlerts(name: string, more: string[] = []): Promise<{ area: string; message: string }[]> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await alertsCommand(['--db', inject('db'), '--user', name, '--json', ...more]);
  } finally {
    write.mockRestore();
  }
  return (JSON.parse(out.join('')) as { alerts: { area: string; message: string }[] }).alerts;
}

describe('alerts saved per user', () => {
  it('the form refuses a bad threshold by name, and passes axe with its errors shown', async () => {
    const page = await setter.visit('/alerts');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#waits_over', 'lots');
    await Promise.all([page.waitForLoadState('networkidle'), page.press('#waits_over', 'Enter')]);
    await expect
      .poll(() => page.locator('.nhsuk-error-summary').innerText())
      .toMatch(/percentage from 0 to 100/);
    expect(await page.getAttribute('#waits_over', 'aria-describedby')).toContain('waits_over-error');
    expect(await seriousViolations(page)).toEqual([]);
    // the refused form answers 400 (so the browser logs it); nothing else went wrong
    expect(setter.problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
  });

  it('a viewer sets "waits over 0 %" with the keyboard and sees it raised on the overview', async () => {
    const page = await setter.visit('/alerts');
    // keyboard only: focus the field, type, Tab through, submit with Enter on the button
    await page.focus('#behind_fte');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('waits_over');
    await page.keyboard.type('0');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Save alerts');
    await Promise.all([page.waitForLoadState('networkidle'), page.keyboard.press('Enter')]);
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toMatch(/Your alerts are saved/);

    // the overview was rendered for them at sign-in, before they had alerts (and kept by the page
    // cache): it must show the alerts now
    const overview = await setter.visit('/');
    const shown = await overview.getByTestId('alert').allInnerTexts();
    // the share the API gives this viewer for England, which is what the alert must quote
    const api = (await (await overview.request.get('/api/v1/referral-waits-over-4-weeks?area=E')).json()) as {
      rows: { share: number; over: number; referrals: number }[];
    };
    const share = api.rows[0].share;
    expect(share).toBeGreaterThan(0);
    expect(shown).toEqual([
      `England (England): ${Math.round(share * 100)}% of accepted referrals waited or are waiting over 28 days for a first contact (${api.rows[0].over} of ${api.rows[0].referrals}), above 0%.`,
    ]);
    expect(await seriousViolations(overview)).toEqual([]);
    // spo alerts --user lists what the overview shows
    expect((await cliAlerts(SETTER.name)).map((a) => `${a.area}: ${a.message}.`)).toEqual(shown);
  });

  it('another user sees none of it, and spo alerts --user lists nothing for them', async () => {
    const overview = await other.visit('/');
    expect(await overview.getByTestId('alert').count()).toBe(0);
    expect(await overview.getByTestId('alerts').count()).toBe(0);
    expect(await overview.getByRole('link', { name: 'Set alerts' }).count()).toBe(1);
    expect(await cliAlerts(OTHER.name)).toEqual([]);
    // and the thresholds are theirs alone: the form is empty for them
    const form = await other.visit('/alerts');
    expect(await form.inputValue('#waits_over')).toBe('');
  });

  it('a viewer chooses one ICB: the overview alerts about it alone, and spo alerts --user agrees', async () => {
    const page = await setter.visit('/alerts');
    // an ICB the viewer may see with referrals waiting over 28 days, as the API gives it to them
    const icbs = (await (await page.request.get('/api/v1/areas')).json()) as {
      rows: { icb_code: string }[];
    };
    let chosen: { code: string; name: string; share: number; over: number; referrals: number } | null = null;
    for (const code of [...new Set(icbs.rows.map((r) => r.icb_code))]) {
      const res = (await (
        await page.request.get(`/api/v1/referral-waits-over-4-weeks?area=ICB:${code}`)
      ).json()) as {
        area: { name: string };
        rows: { share: number; over: number; referrals: number }[];
      };
      if (typeof res.rows[0]?.share === 'number' && res.rows[0].share > 0) {
        chosen = { code, name: res.area.name, ...res.rows[0] };
        break;
      }
    }
    expect(chosen).not.toBeNull();
    const icb = chosen!;
    // typed in lower case with the keyboard: saved as the API writes it
    await page.focus('#areas');
    await page.keyboard.type(`icb:${icb.code.toLowerCase()}`);
    await page.fill('#waits_over', '0');
    await Promise.all([page.waitForLoadState('networkidle'), page.press('#areas', 'Enter')]);
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toMatch(/Your alerts are saved/);
    expect(await (await setter.visit('/alerts')).inputValue('#areas')).toBe(`ICB:${icb.code}`);

    const overview = await setter.visit('/');
    const shown = await overview.getByTestId('alert').allInnerTexts();
    expect(shown).toEqual([
      `${icb.name} (ICB:${icb.code}): ${Math.round(icb.share * 100)}% of accepted referrals waited or are waiting over 28 days for a first contact (${icb.over} of ${icb.referrals}), above 0%.`,
    ]);
    expect((await cliAlerts(SETTER.name)).map((a) => `${a.area}: ${a.message}.`)).toEqual(shown);
  });

  it('refuses an area outside the viewer’s scope, or not an area, by name, on the form and in spo alerts', async () => {
    // a PCN the warehouse holds, looked up as an administrator: a viewer sees ICBs, not PCNs
    snapshotsOf(inject('db'));
    const admin = scopeFor({ name: 'e2e-admin', role: 'admin', icbs: [] });
    const pcn = String(
      (await runDataset('areas', parseFilters(new URLSearchParams('')), admin)).rows.find((r) => r.pcn_code)!
        .pcn_code,
    );
    const page = await setter.visit('/alerts');
    await page.fill('#areas', `E, PCN:${pcn}`);
    await Promise.all([page.waitForLoadState('networkidle'), page.press('#areas', 'Enter')]);
    await expect
      .poll(() => page.locator('.nhsuk-error-summary').innerText())
      .toContain(`PCN:${pcn}: That area is outside what your account may see`);
    expect(await page.getAttribute('#areas', 'aria-describedby')).toContain('areas-error');
    expect(await seriousViolations(page)).toEqual([]);
    await page.fill('#areas', 'ICB:ZZZ');
    await Promise.all([page.waitForLoadState('networkidle'), page.press('#areas', 'Enter')]);
    await expect
      .poll(() => page.locator('.nhsuk-error-summary').innerText())
      .toMatch(/ICB:ZZZ: no ICB with code ZZZ/);
    // nothing refused was saved: the ICB chosen before stands
    expect(await (await setter.visit('/alerts')).inputValue('#areas')).toMatch(/^ICB:/);
    await expect(cliAlerts(SETTER.name, ['--area', `PCN:${pcn}`])).rejects.toThrow(
      /outside what your account may see/,
    );
  });

  it('clearing both thresholds removes the alerts from the overview', async () => {
    const page = await setter.visit('/alerts');
    await page.fill('#waits_over', '');
    await page.fill('#behind_fte', '');
    await Promise.all([page.waitForLoadState('networkidle'), page.press('#waits_over', 'Enter')]);
    await expect.poll(() => page.getByTestId('alerts-saved').innerText()).toMatch(/removed/);
    expect(await (await setter.visit('/')).getByTestId('alerts').count()).toBe(0);
  });
});
