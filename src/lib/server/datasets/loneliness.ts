import { wilsonInterval } from '#lib/stats/index.ts';
import type { Dataset } from '../dataset.ts';
import { num, sumPerCell } from './shared.ts';

/** The loneliness instruments: paired change where recorded (De Jong Gierveld, UCLA-3, ONS). */
export const LONELINESS_INSTRUMENTS = ['DJG6', 'UCLA3', 'ONS_LONELINESS'];

export const loneliness: Dataset = {
  id: 'loneliness',
  title: 'Loneliness at baseline and follow-up',
  description:
    'People assessed and the share lonely (UCLA-3 total ≥ 6; ONS “often/always”; De Jong Gierveld 2–6) at baseline and at follow-up, with 95% Wilson intervals.',
  parameters: ['area', 'from', 'to', 'instrument', 'format'],
  indicator: 'loneliness',
  source: 'marts.loneliness',
  cells: true,
  columns: [
    { key: 'instrument', label: 'Instrument', kind: 'dim' },
    { key: 'stage', label: 'Stage', kind: 'dim' },
    { key: 'assessed', label: 'Assessed', kind: 'count' },
    { key: 'lonely', label: 'Lonely', kind: 'count' },
    {
      key: 'share',
      label: 'Share lonely',
      kind: 'value',
      base: 'assessed',
      numerator: 'lonely',
      percent: true,
      digits: 1,
    },
    { key: 'lower', label: '95% CI lower', kind: 'value', base: 'assessed', percent: true, digits: 1 },
    { key: 'upper', label: '95% CI upper', kind: 'value', base: 'assessed', percent: true, digits: 1 },
  ],
  query: (ctx) =>
    sumPerCell(
      ctx,
      'marts.loneliness',
      { instrument: 'instrument', stage: 'stage' },
      { assessed: 'assessed', lonely: 'lonely' },
      { instrument: true, orderBy: ['instrument', 'stage'] },
    ),
  derive(r) {
    const a = num(r.assessed);
    const l = num(r.lonely);
    if (a === null || l === null || a === 0 || l > a) return { share: null, lower: null, upper: null };
    const w = wilsonInterval(l, a);
    return { share: w.value, lower: w.lower, upper: w.upper };
  },
};
