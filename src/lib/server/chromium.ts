/**
 * How the project starts Chromium (playwright-core against the system's browser): one place for
 * the commissioner pack (src/lib/server/pack), the dashboard's /pack route and the browser tests
 * (bench/harness/browser.ts).
 */
import { existsSync } from 'node:fs';
import { settings } from '../config/settings.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser to run: SPO_CHROMIUM, then CHROMIUM, then Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const s = settings();
  return s.SPO_CHROMIUM || s.CHROMIUM || '/usr/bin/chromium';
}

/** playwright-core's launch options for that browser. */
export function chromiumLaunchOptions(executablePath = chromiumPath()) {
  return { executablePath, args: CHROMIUM_ARGS };
}

/** Whether the browser is installed where we will look for it. */
export function chromiumAvailable(executablePath = chromiumPath()): boolean {
  return existsSync(executablePath);
}
