import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { warehouseFile } from '#lib/config/paths.ts';
import { describeBuiltFor, mayRead, notebooksDir, readBuildInfo } from '#lib/server/notebook-build.ts';
import type { RequestHandler } from './$types';

/**
 * SvelteKit's default ('never') would send /notebooks/ to /notebooks while this handler sends
 * /notebooks to /notebooks/ (where the index's relative links resolve): a 308 loop. The handler
 * decides alone.
 */
export const trailingSlash = 'ignore';

/**
 * The analyst notebooks built by `spo notebooks` (notebooks/ in the repo; built pages in
 * notebooks/ beside the warehouse). Their figures come through the dataset registry for the scope
 * the build records (build.json), so they are served to readers of that scope and to admins
 * (src/lib/server/notebook-build.ts); sign-in is checked by the hooks as for every page.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
  if (!params.slug && !url.pathname.endsWith('/')) {
    return new Response(null, { status: 308, headers: { location: '/notebooks/' } });
  }
  const slug = (params.slug ?? 'index').replace(/\.html$/, '');
  if (!/^[a-z0-9-]+$/.test(slug)) error(404, 'No such notebook');
  const dir = notebooksDir(warehouseFile());
  const info = await readBuildInfo(dir);
  if (!info) error(404, 'The notebooks have not been built yet: run  npx spo notebooks');
  if (!mayRead(locals.scope, info.builtFor))
    error(
      403,
      `These notebooks were built for ${describeBuiltFor(info.builtFor)}, not for your account: ask for a build for your role (spo notebooks --role …).`,
    );
  const html = await readFile(join(dir, `${slug}.html`), 'utf8').catch(() => null);
  if (html === null) error(404, 'No such notebook');
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-cache',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
    },
  });
};
