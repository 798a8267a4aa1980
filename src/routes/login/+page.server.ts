import { fail, redirect } from '@sveltejs/kit';
import { settings } from '#lib/server/auth/config.ts';
import {
  clientAddress,
  clearSessionCookie,
  sessionCookieName,
  setSessionCookie,
  store,
} from '#lib/server/auth/handle.ts';
import { burnVerify, verifyPassword } from '#lib/server/auth/passwords.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only a path on this site: never `//evil.example` or `https://…` (no open redirect). */
function safeNext(value: string | null): string {
  return value && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : '/';
}

export const load: PageServerLoad = ({ locals, url }) => ({
  signedInAs: locals.user?.name ?? null,
  publicMode: locals.publicMode,
  next: safeNext(url.searchParams.get('next')),
});

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const name = String(form.get('name') ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 64);
    const password = String(form.get('password') ?? '').slice(0, 1024);
    const next = safeNext(String(form.get('next') ?? '/'));
    const cfg = settings();
    const s = store();
    const address = clientAddress(event) ?? 'unknown';
    const wait = s.loginBlocked(name, address, {
      maxFailures: cfg.maxFailuresPerAccount,
      maxPerAddress: cfg.maxAttemptsPerAddress,
      windowMs: cfg.windowMs,
    });
    if (wait > 0) {
      event.setHeaders({ 'retry-after': String(wait) });
      return fail(429, {
        name,
        message: `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
      });
    }
    const found = name ? s.credentials(name) : null;
    const ok = found?.passwordHash
      ? await verifyPassword(found.passwordHash, password)
      : (await burnVerify(password), false);
    s.recordLogin(name, address, ok);
    if (!ok || !found) return fail(400, { name, message: 'The user name or password is not right.' });
    // rotation: whatever session this browser had ends; the new one has a fresh identifier
    const old = event.cookies.get(sessionCookieName(event.url));
    if (old) s.revokeSession(old);
    clearSessionCookie(event);
    setSessionCookie(event, s.createSession(found.principal.name));
    redirect(303, next);
  },
};
