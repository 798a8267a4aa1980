import type { Handle } from '@sveltejs/kit/hooks';
import { FULL_SCOPE } from '#lib/server/scope.ts';

export const handle: Handle = async ({ event, resolve }) => {
  // issue 5 sets the scope from the user's role; until then everyone sees England
  event.locals.scope = FULL_SCOPE;
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  return response;
};
