import { z } from 'zod';
import { INSTRUMENTS, INSTRUMENT_IDS, MAX_ITEMS } from '../../src/lib/stats/instruments.ts';
import { ASSESSMENT_STAGES, keysOf } from './codes.ts';
import { EARLIEST_DATE, idColumn, isoDate, notAfterToday } from './columns.ts';
import { column, defineContract, type ContractRule } from './contract.ts';

export const itemColumn = (i: number) => `item_${String(i + 1).padStart(2, '0')}`;
export const ITEM_COLUMNS = Array.from({ length: MAX_ITEMS }, (_, i) => itemColumn(i));

const itemShape = Object.fromEntries(
  ITEM_COLUMNS.map((name, i) => [
    name,
    column(z.number().min(0).max(100).nullable(), {
      description: `Response to item ${i + 1} of the instrument, as its numeric code (empty when the instrument has fewer items or the item was not answered)`,
      prsb: 'Outcome measure item score',
      sqlType: 'DOUBLE',
    }),
  ]),
);

/**
 * Each instrument's items must lie in its range and be whole numbers (PAM's licensed score may
 * have one decimal); columns beyond the instrument's length must be empty.
 */
const itemRules: ContractRule[] = INSTRUMENT_IDS.flatMap((id) => {
  const items = INSTRUMENTS[id].items;
  return ITEM_COLUMNS.map((col, i): ContractRule => {
    const item = items[i];
    if (!item) {
      return {
        column: col,
        sql: `instrument <> '${id}' or ${col} is null`,
        reason: `${id} has ${items.length} item${items.length === 1 ? '' : 's'}: ${col} must be empty`,
      };
    }
    const whole = id === 'PAM' ? `round(${col}, 1) = ${col}` : `round(${col}) = ${col}`;
    return {
      column: col,
      sql: `instrument <> '${id}' or (${col} between ${item.min} and ${item.max} and ${whole})`,
      reason: `${id} item ${i + 1} (${item.label}) must be ${id === 'PAM' ? 'a score' : 'a whole number'} ${item.min}–${item.max}`,
    };
  });
});

export const wellbeingScores = defineContract({
  id: 'wellbeing_scores',
  title: 'Wellbeing scores',
  description:
    'One row per assessment with an outcome instrument, with the item responses as recorded: the warehouse scores them (DOMAIN.md §4). PAM arrives as its licensed score in item_01.',
  source: 'PRSB Social Prescribing Information Standard v1.1: outcomes',
  personLevel: true,
  key: ['assessment_id'],
  periodSql: 'assessment_date',
  schema: z.object({
    assessment_id: idColumn('Identifier of the assessment', 'Assessment identifier'),
    referral_id: column(idColumn('The referral episode assessed'), {
      description: 'The referral episode assessed',
      prsb: 'Referral identifier',
      example: 'R000123',
    }),
    instrument: column(z.enum(INSTRUMENT_IDS as [string, ...string[]]), {
      description: `Outcome instrument: ${INSTRUMENT_IDS.join(', ')}`,
      prsb: 'Outcome measure',
      normalize: 'upper',
    }),
    assessment_stage: column(z.enum(keysOf(ASSESSMENT_STAGES)), {
      description: 'baseline or follow_up',
      prsb: 'Assessment point',
      normalize: 'lower',
    }),
    assessment_date: column(isoDate, { description: 'Date of the assessment', prsb: 'Assessment date' }),
    ...itemShape,
  }),
  rules: [
    {
      column: 'assessment_date',
      sql: `assessment_date between DATE '${EARLIEST_DATE}' and ${notAfterToday}`,
      reason: `assessment date must be between ${EARLIEST_DATE} and today`,
    },
    ...itemRules,
  ],
});
