import { json } from '@sveltejs/kit';
import { catalogue } from '#lib/server/api.ts';

export const GET = () => json(catalogue());
