import { error } from '@sveltejs/kit';
import { sessionCookieName } from '#lib/server/auth/handle.ts';
import { canSeeArea } from '#lib/server/auth/scope.ts';
import { frame, pageFilters } from '#lib/server/page.ts';
import { chromiumAvailable } from '../../lib/server/chromium.ts';
import { renderPack } from '../../lib/server/pack/pack.ts';
import type { RequestHandler } from './$types';
import { settings } from '#lib/config/settings.ts';

/**
 * The commissioner pack for the area and period a page shows (its own `area`, `from`, `to` and
 * `instrument` parameters) as a PDF: src/lib/server/pack prints this same server's pages in Chromium,
 * signed in as the person asking (their session cookie or API token), so the pack holds exactly
 * what they may see, under the same disclosure control.
 */

/** One pack at a time: each is a Chromium process and a dozen page renders on a small server. */
let queue: Promise<unknown> = Promise.resolve();

/** Where Chromium reaches this server: SPO_PACK_URL, else the port adapter-node listens on. */
function localBase(url: URL): string {
  const s = settings();
  if (s.SPO_PACK_URL) return s.SPO_PACK_URL.replace(/\/$/, '');
  if (!s.PORT) return url.origin; // vite dev or preview: the address the user used
  const host = s.HOST;
  const reachable = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${s.PORT}`;
}

export const GET: RequestHandler = async ({ url, locals, request, cookies }) => {
  const filters = pageFilters(url);
  const area = filters.area;
  // The hooks have already checked the area against the scope, looking up the ICB a sub-ICB
  // location or PCN lies in; the levels that need no look-up are checked again here.
  if (area.level === 'REGION' || area.level === 'ICB') {
    if (!canSeeArea(locals.scope, area, area.level === 'ICB' ? area.code : null))
      error(403, 'That area is outside what your account may see.');
  }
  const f = await frame(filters, locals.scope);
  if (!f.from || !f.to) error(503, 'Nothing is published yet: there is no period to print.');
  if (!chromiumAvailable())
    error(
      503,
      'The PDF pack cannot be made on this server: Chromium is not installed (set SPO_CHROMIUM to its path). Print any page from the browser instead.',
    );

  const base = localBase(url);
  const headers: Record<string, string> = {};
  const authorization = request.headers.get('authorization');
  if (authorization) headers.authorization = authorization;
  else {
    const session = cookies.get(sessionCookieName(url));
    if (session) headers.cookie = `${sessionCookieName(new URL(base))}=${session}`;
  }
  // behind adapter-node's PROTOCOL_HEADER, say how Chromium really reaches the server
  const protocolHeader = process.env.PROTOCOL_HEADER;
  if (protocolHeader) headers[protocolHeader.toLowerCase()] = new URL(base).protocol.slice(0, -1);

  const params: Record<string, string> = {};
  if (url.searchParams.has('instrument') && f.instrument) params.instrument = f.instrument;
  const job = queue.then(() =>
    renderPack({ baseUrl: base, area: f.area, from: f.from, to: f.to, params, headers }),
  );
  queue = job.catch(() => undefined);
  let pdf: Uint8Array;
  try {
    pdf = (await job).pdf;
  } catch (e) {
    console.error('pack failed', e);
    error(503, 'The PDF pack could not be made just now (Chromium failed). Try again, or print the pages.');
  }
  const name = `sp-observatory-pack-${f.area.replace(/[^A-Za-z0-9]+/g, '-')}-${f.from}-to-${f.to}.pdf`;
  return new Response(pdf as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'private, no-store',
    },
  });
};
