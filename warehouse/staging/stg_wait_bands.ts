import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'A seed (see the SQL).',
  // a handful of literal rows: a view costs nothing to read and nothing to build
  materialized: 'view',
});
