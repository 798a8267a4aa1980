import { redirect } from '@sveltejs/kit';
import { clearSessionCookie, sessionCookieName, store } from '#lib/server/auth/handle.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedInAs: locals.user?.name ?? null });

export const actions: Actions = {
  // a POST (origin-checked), so another site cannot sign someone out with a link or an image
  default: async (event) => {
    const token = event.cookies.get(sessionCookieName(event.url));
    if (token) store().revokeSession(token);
    clearSessionCookie(event);
    redirect(303, '/login');
  },
};
