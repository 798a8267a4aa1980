import { serveDataset } from '#lib/server/api.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url, locals }) =>
  serveDataset(params.dataset, url, locals.scope);
