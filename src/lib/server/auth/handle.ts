/**
 * The SvelteKit side of sign-in: resolves `event.locals.user` and `event.locals.scope` from the
 * session cookie or an `Authorization: Bearer` token, and before anything else runs refuses
 * oversized bodies and cross-site state-changing requests, sends the anonymous to /login (or gives
 * them the public scope when SPO_PUBLIC=1), keeps /admin to admins, and refuses an `area`
 * parameter outside the scope. After the response it adds the security headers and writes the
 * access log. The dataset layer (run-dataset.ts) applies the same scope to every query (defence in depth).
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { warehouseFile } from '../../config/paths.ts';
import { ParamError } from '../errors.ts';
import { parseArea } from '../filters.ts';
import { settings } from './config.ts';
import { BARE_CSP, securityHeaders } from './headers.ts';
import {
  canSeeArea,
  NO_SCOPE,
  PUBLIC_SCOPE,
  scopeFor,
  type AreaLevel,
  type Principal,
  type Scope,
} from './scope.ts';
import { authStore, type AuthStore } from './store.ts';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths anyone may request: sign-in itself and the built assets. */
const OPEN = [/^\/login\/?$/, /^\/logout\/?$/, /^\/_app\//, /^\/favicon\.(ico|png|svg)$/, /^\/robots\.txt$/];
/** Paths for admins only (loads, data-quality detail, users, the access log). */
export const ADMIN_PATHS = [
  /^\/admin(\/|$)/,
  /^\/data-quality(\/|$)/,
  /^\/api\/v\d+\/(data-quality|dq-[a-z-]+)\/?$/,
];

export interface SignedIn extends Principal {
  via: 'session' | 'token';
}

/** The session cookie: `__Host-` (Secure, Path=/, no Domain) wherever the browser allows it. */
export function sessionCookieName(url: URL): string {
  return secureContext(url) ? '__Host-spo_session' : 'spo_session';
}

export function secureContext(url: URL): boolean {
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function setSessionCookie(event: RequestEvent, token: string): void {
  const s = settings();
  event.cookies.set(sessionCookieName(event.url), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureContext(event.url),
    maxAge: Math.floor(s.absoluteMs / 1000),
  });
}

export function clearSessionCookie(event: RequestEvent): void {
  event.cookies.delete(sessionCookieName(event.url), { path: '/', secure: secureContext(event.url) });
}

export function store(): AuthStore {
  return authStore(warehouseFile());
}

const wantsJson = (event: RequestEvent) =>
  event.url.pathname.startsWith('/api/') ||
  event.request.headers.has('authorization') ||
  /\bjson\b/.test(event.request.headers.get('accept') ?? '') ||
  event.url.searchParams.get('format') === 'json' ||
  event.url.searchParams.get('format') === 'csv';

function refuse(
  event: RequestEvent,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): Response {
  const json = wantsJson(event);
  const body = json
    ? JSON.stringify({ error: message })
    : `<!doctype html><html lang="en-GB"><meta charset="utf-8"><title>${status}</title><h1>${status}</h1><p>${message.replace(/[<>&]/g, '')}</p><p><a href="/">Home</a></p></html>`;
  return new Response(body, {
    status,
    headers: {
      'content-type': json ? 'application/json' : 'text/html; charset=utf-8',
      'content-security-policy': BARE_CSP,
      ...extra,
    },
  });
}

/**
 * The `area` parameter, read by the one parser the pages and API use (filters.ts), or null when it
 * is malformed: the page or API then answers 400 naming it, so nothing is shown for it either way.
 */
export function areaParam(url: URL): { level: AreaLevel; code: string } | null {
  try {
    return parseArea(url.searchParams.get('area'));
  } catch (e) {
    if (e instanceof ParamError) return null;
    throw e;
  }
}

/** The ICB an area lies in, from the published snapshot (null when unknown). */
export type IcbOf = (level: AreaLevel, code: string) => Promise<string | null>;

async function snapshotIcbOf(level: AreaLevel, code: string): Promise<string | null> {
  if (level === 'ICB') return code;
  if (level === 'E' || level === 'REGION') return null;
  const { snapshots } = await import('../snapshot.ts');
  const column = level === 'PCN' ? 'pcn_code' : 'sub_icb_code';
  return snapshots().use(async (s) => {
    const row = await s.db
      .selectFrom('marts.areas')
      .select('icb_code')
      .where(column, '=', code)
      .executeTakeFirst();
    return row?.icb_code ?? null;
  });
}

function identify(event: RequestEvent, s: AuthStore): { user: SignedIn | null; badToken: boolean } {
  const cfg = settings();
  const auth = event.request.headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const principal = m ? s.checkToken(m[1]) : null;
    return principal
      ? { user: { ...principal, via: 'token' }, badToken: false }
      : { user: null, badToken: true };
  }
  const cookie = event.cookies.get(sessionCookieName(event.url));
  if (!cookie) return { user: null, badToken: false };
  const session = s.checkSession(cookie, cfg.idleMs, cfg.absoluteMs);
  if (!session) {
    clearSessionCookie(event);
    return { user: null, badToken: false };
  }
  return { user: { ...session.principal, via: 'session' }, badToken: false };
}

export function createAuthHandle(options: { icbOf?: IcbOf } = {}): Handle {
  const icbOf = options.icbOf ?? snapshotIcbOf;
  return async ({ event, resolve }) => {
    const cfg = settings();
    const { request, url } = event;
    const path = url.pathname;

    // 1. request size: refuse before reading a byte (adapter-node's BODY_SIZE_LIMIT also caps streams)
    const length = Number(request.headers.get('content-length') ?? '0');
    if (!Number.isFinite(length) || length > cfg.bodyLimit)
      return refuse(event, 413, 'The request is too large.');
    if (!SAFE_METHODS.has(request.method) && request.body && !request.headers.has('content-length')) {
      const body = await request
        .clone()
        .arrayBuffer()
        .catch(() => new ArrayBuffer(cfg.bodyLimit + 1));
      if (body.byteLength > cfg.bodyLimit) return refuse(event, 413, 'The request is too large.');
    }

    // 2. cross-site requests: every state-changing request must come from our own origin
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.get('origin');
      const site = request.headers.get('sec-fetch-site');
      const bearerOnly = request.headers.has('authorization') && !request.headers.has('cookie');
      const sameOrigin = origin
        ? origin === url.origin
        : site === 'same-origin' || (site === null && bearerOnly);
      if (!sameOrigin || (site !== null && site !== 'same-origin' && site !== 'none'))
        return refuse(event, 403, 'Cross-site requests are not allowed.');
    }

    // 3. who is asking
    const s = store();
    const { user, badToken } = identify(event, s);
    if (badToken)
      return refuse(event, 401, 'The API token is not valid or has been revoked.', {
        'www-authenticate': 'Bearer realm="spo", error="invalid_token"',
      });
    const scope: Scope | null = user ? scopeFor(user) : cfg.publicMode ? PUBLIC_SCOPE : null;
    event.locals.user = user ? { name: user.name, role: user.role, icbs: user.icbs, via: user.via } : null;
    event.locals.scope = scope ?? NO_SCOPE;
    event.locals.publicMode = cfg.publicMode;

    const open = OPEN.some((r) => r.test(path));
    const log = (status: number) => {
      if (open || status === 304) return;
      try {
        s.logAccess({
          user: user?.name ?? null,
          role: scope?.role ?? 'anonymous',
          via: user?.via ?? (scope ? 'public' : 'anonymous'),
          method: request.method,
          path: path + (url.search.length < 300 ? url.search : ''),
          dataset: event.route.id,
          area: url.searchParams.get('area'),
          status,
          address: clientAddress(event),
        });
      } catch (error) {
        console.error('access log write failed', error);
      }
    };
    const finish = (response: Response) => {
      let out = response;
      try {
        securityHeaders(response.headers, { https: url.protocol === 'https:', path, private: true });
      } catch {
        // immutable headers (a fetched response passed through): copy
        out = new Response(response.body, response);
        securityHeaders(out.headers, { https: url.protocol === 'https:', path, private: true });
      }
      log(out.status);
      return out;
    };

    // 4. who may go where
    if (!open) {
      if (!scope) {
        if (wantsJson(event))
          return finish(
            refuse(event, 401, 'Sign in, or send Authorization: Bearer <token>.', {
              'www-authenticate': 'Bearer realm="spo"',
            }),
          );
        const next = encodeURIComponent(path + url.search);
        return finish(new Response(null, { status: 303, headers: { location: `/login?next=${next}` } }));
      }
      if (ADMIN_PATHS.some((r) => r.test(path)) && !scope.admin) {
        if (!user)
          return finish(
            new Response(null, {
              status: 303,
              headers: { location: `/login?next=${encodeURIComponent(path)}` },
            }),
          );
        return finish(refuse(event, 403, 'This page is for administrators.'));
      }
      const area = areaParam(url);
      if (area && area.level !== 'E') {
        const icb = await icbOf(area.level, area.code).catch(() => null);
        if (!canSeeArea(scope, area, icb))
          return finish(
            refuse(
              event,
              403,
              user
                ? 'That area is outside what your account may see.'
                : 'Only figures for England are public: sign in to see regions, ICBs and PCNs.',
            ),
          );
      }
    }

    return finish(await resolve(event));
  };
}

export function clientAddress(event: RequestEvent): string | null {
  try {
    return event.getClientAddress();
  } catch {
    return null;
  }
}

export const authHandle = createAuthHandle();
