import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RequestHandler } from './$types';

/**
 * The analyst notebooks built by `spo notebooks` (notebooks/ in the repo; built pages in
 * notebooks/ beside the warehouse). They hold only disclosed figures at ICB level or above, which
 * every signed-in user may see; sign-in is checked by the hooks as for every page.
 */
export const GET: RequestHandler = async ({ params, url }) => {
  if (!params.slug && !url.pathname.endsWith('/')) {
    return new Response(null, { status: 308, headers: { location: '/notebooks/' } });
  }
  const slug = params.slug ?? 'index';
  if (!/^[a-z0-9-]+$/.test(slug)) error(404, 'No such notebook');
  const dir = join(dirname(resolve(process.env.SPO_DB || './data/warehouse.duckdb')), 'notebooks');
  const html = await readFile(join(dir, `${slug.replace(/\.html$/, '')}.html`), 'utf8').catch(() => null);
  if (html === null) {
    if (slug === 'index') error(404, 'The notebooks have not been built yet: run  npx spo notebooks');
    error(404, 'No such notebook');
  }
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:",
    },
  });
};
