import { error } from '@sveltejs/kit';
import { indicator } from '#lib/indicators.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
  const def = indicator(params.id);
  if (!def) error(404, `no indicator ${params.id}`);
  return { def };
};
