import { settings } from '../../src/lib/config/settings.ts';
/**
 * Fault injection for crash-safety tests: with SPO_CRASH_AT=<point>[:<n>] the process kills itself
 * with SIGKILL the n-th time (default first) it reaches that point, exactly as a power cut or an
 * OOM kill would. Points: migrating (after each migration file, inside the migration's
 * transaction), landed, validated, replaced (inside a file's transaction), building
 * (inside the build transaction, after each model), incremental (inside it, between deleting the
 * affected keys' rows and inserting them again), snapshot-written (before the pointer switches). Unset, it does
 * nothing.
 */
const [point, nth] = (settings().SPO_CRASH_AT ?? '').split(':');
let seen = 0;

export function crashPoint(name: string): void {
  if (!point || name !== point) return;
  seen++;
  if (seen >= Number(nth || 1)) process.kill(process.pid, 'SIGKILL');
}
