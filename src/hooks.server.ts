import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import { authHandle } from '#lib/server/auth/handle.ts';
import { cachedPage } from '#lib/server/page-cache.ts';
import { disclosureSettings, UNPROTECTED_WARNING } from '#lib/server/release/settings.ts';
import { startWarming } from '#lib/server/warm.ts';

// read at start: a bad SPO_DISCLOSURE_* value stops the server here, and the unprotected control
// run of the attack tests says so loudly
if (disclosureSettings().unprotected) console.warn(`\n*** ${UNPROTECTED_WARNING} ***\n`);

/** On start: open and warm the published snapshot, and each one published later before it is served. */
export const init: ServerInit = () => startWarming();

const dashboard: Handle = async ({ event, resolve }) => {
  // event.locals.scope is set by authHandle from the user's role (issue 5)
  const response = await cachedPage(event, () => resolve(event));
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};

// sign-in, origin and size checks run first, so nothing after them sees a request they refuse
export const handle = sequence(authHandle, dashboard);

/** No stack traces or internals to the client: a reference the server log can be searched for. */
export const handleError: HandleServerError = ({ kind, error, event }) => {
  if (kind !== 'unknown') return { message: error.message };
  const id = randomUUID();
  console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
  return { message: `Something went wrong on the server (reference ${id}).` };
};
