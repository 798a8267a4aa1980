import { z } from 'zod';
import { defineModel, timestamp } from '../define-model.ts';

export default defineModel({
  description:
    'One row per file given to the loader and what happened to it (audit.loads without paths or users).',
  columns: z.object({
    load_id: z.int(),
    file_name: z.string(),
    extract_id: z.string().nullable(),
    delivery: z.string().nullable(),
    period: z.string().nullable(),
    status: z.string(),
    rows_read: z.int(),
    rows_loaded: z.int(),
    rows_rejected: z.int(),
    replaced_load_id: z.int().nullable(),
    error: z.string().nullable(),
    started_at: timestamp(),
    duration_ms: z.int().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['load_id'] },
    { type: 'not_null', columns: ['load_id', 'file_name', 'status'] },
    {
      type: 'accepted_values',
      column: 'status',
      values: ['loaded', 'replaced', 'skipped', 'rejected', 'superseded'],
    },
    {
      type: 'expression',
      sql: "status not in ('loaded', 'replaced', 'superseded') or rows_read = rows_loaded + rows_rejected",
      description: 'rows read = rows loaded + rows rejected',
    },
  ],
});
