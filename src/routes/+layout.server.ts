import { frame, pageFilters } from '#lib/server/page.ts';
import { disclosureSettings, UNPROTECTED_WARNING } from '#lib/server/release/settings.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ url, locals }) => {
  // the attack tests' control run: every page says so in red (src/routes/+layout.svelte)
  const unprotected = disclosureSettings().unprotected ? UNPROTECTED_WARNING : null;
  if (url.pathname.startsWith('/api/')) return { frame: null, unprotected };
  return { frame: await frame(pageFilters(url), locals.scope), unprotected };
};
