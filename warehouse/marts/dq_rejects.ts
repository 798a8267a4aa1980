import { z } from 'zod';
import { defineModel } from '../define-model.ts';

export default defineModel({
  description:
    'Rejected rows per load × column × reason, with the first line (no values: they may be personal).',
  columns: z.object({
    load_id: z.int(),
    file_name: z.string(),
    extract_id: z.string().nullable(),
    column_name: z.string(),
    reason: z.string(),
    rows: z.int(),
    first_line: z.int().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['load_id', 'column_name', 'reason'] },
    { type: 'not_null', columns: ['load_id', 'column_name', 'reason', 'rows'] },
    { type: 'relationships', column: 'load_id', to: 'marts.dq_loads.load_id' },
  ],
});
