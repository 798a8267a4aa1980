import { createHash } from 'node:crypto';
import type { Model } from './build.ts';

/**
 * What decides whether a model's stored table still stands for its definition: the bound SQL (so a
 * changed setting such as SPO_HCU_WINDOW_MONTHS counts), the materialisation and the incremental
 * spec. A different hash rebuilds the model whole, and so everything downstream of it.
 */
export function hashModel(model: Model): string {
  const { materialized = 'table', incremental } = model.definition ?? {};
  return createHash('sha256')
    .update(JSON.stringify({ sql: model.sql, materialized, incremental: incremental ?? null }))
    .digest('hex');
}
