/**
 * Every `SPO_*` setting (and the few standard variables the project reads), in one zod schema:
 * the one place the environment is read, so a setting's name, default and meaning are stated
 * once (README "Configuration") and a bad value is refused with its name. Node only: client code
 * never imports src/lib/config (tests/architecture checks it).
 *
 * Read on each call, not cached: tests and `spo` commands set variables before the code that needs
 * them runs, and parsing a few strings costs nothing beside a query.
 */
import { z } from 'zod';

const text = z.string().trim();
/** unset and empty mean the same: the default */
const optionalText = text.optional().transform((v) => (v === '' ? undefined : v));
const flag = optionalText.transform((v) => ['1', 'true', 'yes'].includes((v ?? '').toLowerCase()));

/** A whole number with a default; `min` is the smallest allowed value. */
const whole = (fallback: number, min: number, meaning: string) =>
  optionalText.transform((raw, ctx) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `must be ${meaning}, got ${raw}` });
      return z.NEVER;
    }
    return n;
  });

/** A whole number in `min`…`max` with a default. */
const wholeIn = (fallback: number, min: number, max: number) =>
  optionalText.transform((raw, ctx) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got ${raw}` });
      return z.NEVER;
    }
    return n;
  });

/** Minutes with a default, as milliseconds. */
const minutes = (fallback: number) =>
  optionalText.transform((raw, ctx) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be a positive number of minutes, got ${raw}` });
      return z.NEVER;
    }
    return n * 60_000;
  });

const SCHEMA = z.object({
  // where things are (src/lib/config/paths.ts builds every path from these)
  SPO_DB: optionalText,
  SPO_ACCOUNTS: optionalText,
  SPO_SECRET_FILE: optionalText,
  SPO_SECRET: optionalText,
  // loads
  SPO_MEMORY_LIMIT: optionalText.transform((v) => v ?? '1.5GB'),
  // `spo generate`'s own limit: its tables spill beside the extracts at no cost in time (10 M:
  // 249 s at 1 GB against 236 s at 1.5 GB), and the process peaks at about the limit + 0.45 GiB
  // (1,403 MiB at 1 GB against 1,898 MiB at 1.5 GB), so 1 GB keeps it well under 2 GiB (issue 17)
  SPO_GENERATE_MEMORY_LIMIT: optionalText.transform((v) => v ?? '1GB'),
  SPO_CHECKPOINT_THRESHOLD: optionalText.transform((v) => v ?? '1GB'),
  // a build touching more referrals than this rebuilds every model instead: the one transaction
  // that updates them by key holds their rows until it commits, and with 2.0 M affected (half a
  // year re-sent into 10 M) people_referred ran out of memory; a monthly delivery touches ~0.3 M
  SPO_INCREMENTAL_MAX_REFERRALS: whole(500_000, 0, 'a whole number of referrals ≥ 0'),
  SPO_SPACE_MARGIN_MB: whole(100, 0, 'a whole number of MB ≥ 0'),
  SPO_PROFILE: flag,
  // sign-in and the server
  SPO_PUBLIC: flag,
  SPO_SESSION_IDLE_MINUTES: minutes(30),
  SPO_SESSION_MAX_MINUTES: minutes(8 * 60),
  SPO_LOGIN_MAX_FAILURES: whole(5, 1, 'a positive whole number'),
  SPO_LOGIN_MAX_PER_ADDRESS: whole(30, 1, 'a positive whole number'),
  SPO_LOGIN_WINDOW_MINUTES: minutes(15),
  SPO_BODY_LIMIT: whole(64 * 1024, 1, 'a positive whole number'),
  SPO_PAGE_CACHE_MB: whole(64, 0, 'a whole number of MB ≥ 0'),
  // warm each published snapshot before serving it (src/lib/server/warm.ts); 0 serves it cold
  SPO_WARM: optionalText.transform((raw, ctx) => {
    if (raw === undefined || raw === '1') return true;
    if (raw === '0') return false;
    ctx.addIssue({ code: 'custom', message: `must be 1 or 0, got ${raw}` });
    return z.NEVER;
  }),
  // disclosure control (src/lib/server/release/settings.ts)
  SPO_DISCLOSURE_THRESHOLD: whole(7, 0, 'a whole number ≥ 0'),
  SPO_DISCLOSURE_ROUND: whole(5, 0, 'a whole number ≥ 0'),
  SPO_DISCLOSURE_MIN_N: whole(8, 0, 'a whole number ≥ 0'),
  SPO_DISCLOSURE_EXTREME_MIN_N: whole(50, 0, 'a whole number ≥ 0'),
  // the attack tests' control run only (docs/security.md): never set in production
  SPO_DISCLOSURE_UNPROTECTED: optionalText.transform((raw, ctx) => {
    if (raw === undefined || raw === '0') return false;
    if (raw === '1') return true;
    ctx.addIssue({ code: 'custom', message: `must be 1 (tests only) or unset, got ${raw}` });
    return z.NEVER;
  }),
  // health-care use (issue 15): months in each of the before and after windows around the index
  // month, the build's setting (pipelines/model/model-params.ts). At most 12: the extract holds
  // −12…+12. At least 4: a released mean change per person per quarter is rounded to 0.1, which
  // only fits every count a protected count could be when 3/(months × 8 people) ≤ 0.1 (docs/security.md)
  SPO_HCU_WINDOW_MONTHS: wholeIn(6, 4, 12),
  // the commissioner pack prints the dashboard in Chromium
  SPO_CHROMIUM: optionalText,
  CHROMIUM: optionalText,
  SPO_PACK_URL: optionalText,
  PORT: optionalText,
  HOST: optionalText,
  // for tests and diagnosis
  SPO_CRASH_AT: optionalText,
  SPO_DEBUG: flag,
  // a file the server appends one JSON line to per dataset query it runs (tests count them)
  SPO_QUERY_LOG: optionalText,
});

export type Settings = z.output<typeof SCHEMA>;

/** The settings from `env` (default: the process's), or an error naming each bad variable. */
export function settings(env: Record<string, string | undefined> = process.env): Settings {
  const parsed = SCHEMA.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
}
