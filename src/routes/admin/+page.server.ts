import { error } from '@sveltejs/kit';
import { store } from '#lib/server/auth/handle.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  // the handle already keeps /admin to admins; this is the second lock
  if (!locals.scope.admin) error(403, 'This page is for administrators.');
  const s = store();
  const user = url.searchParams.get('user') || undefined;
  return {
    users: s.listUsers(),
    tokens: s.listTokens().map(({ id, user_name, label, created_at, last_used, revoked_at }) => ({
      id,
      user_name,
      label,
      created_at,
      last_used,
      revoked_at,
    })),
    log: s.accessLog(200, user),
    filterUser: user ?? null,
  };
};
