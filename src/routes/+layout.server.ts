import { frame, pageFilters } from '#lib/server/page.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ url, locals }) => {
  if (url.pathname.startsWith('/api/')) return { frame: null };
  return { frame: await frame(pageFilters(url), locals.scope) };
};
