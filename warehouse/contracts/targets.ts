import { z } from 'zod';
import { TARGET_MEASURES, keysOf } from './codes.ts';
import { isoDate } from './columns.ts';
import { column, defineContract } from './contract.ts';

/**
 * Targets are data, never constants in code: the national ones ship as reference data in this
 * format (warehouse/reference/targets_national.csv) and a commissioner loads local ones the same way.
 */
export const targets = defineContract({
  id: 'targets',
  title: 'Targets',
  description:
    'National and local targets and trajectories, each with its source. A local target (say 1.5 link-worker FTE per 50,000 patients in one ICB) is one row.',
  source: 'NHS Long Term Plan (2019); NHS Long Term Workforce Plan (2023); Network Contract DES 2019/20',
  personLevel: false,
  key: ['target_id'],
  fixedPeriod: 'all',
  schema: z.object({
    target_id: column(z.string().regex(/^[a-z0-9_.-]+$/), { description: 'Stable identifier of the target' }),
    measure: column(z.enum(keysOf(TARGET_MEASURES)), { description: 'What is measured', normalize: 'lower' }),
    area: column(
      z.string().regex(/^(E|REGION:Y[0-9]{2}|ICB:Q[A-Z0-9]{2}|SICBL:[0-9A-Z]{3}|PCN:U[0-9]{5})$/),
      {
        description: 'Area the target applies to: E (England), REGION:Y56, ICB:QWE, SICBL:36L or PCN:U02454',
        normalize: 'upper',
        example: 'E',
      },
    ),
    value: column(z.number().min(0), { description: 'Target value' }),
    comparison: column(z.enum(['at_least', 'at_most']), {
      description: 'Whether the measure should be at least or at most the value',
      normalize: 'lower',
    }),
    due_date: column(isoDate, {
      description: 'Date by which the value should be reached (end of the period)',
    }),
    is_trajectory: column(z.boolean(), {
      description: 'true for an interim point on a trajectory, false for the target itself',
    }),
    title: column(z.string().min(1).max(200), { description: 'How the target is named on the dashboard' }),
    source: column(z.string().min(1).max(300), { description: 'Where the target comes from' }),
  }),
});
