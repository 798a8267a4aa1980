import { z } from 'zod';
import { column } from './contract.ts';

/** Nothing in these extracts predates the national programme (NHS Long Term Plan, 2019). */
export const EARLIEST_DATE = '2019-01-01';
/** SQL for "today", so a future date is caught; `current_date` is evaluated once per statement. */
export const notAfterToday = 'current_date';

export const isoDate = z.iso.date();

export const idColumn = (description: string, prsb?: string) =>
  column(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/),
    { description, prsb, example: 'R000123' },
  );

export const pcnCode = column(z.string().regex(/^U[0-9]{5}$/), {
  description: 'ODS code of the Primary Care Network',
  normalize: 'upper',
  references: 'raw.ref_practices.pcn_code',
  example: 'U89141',
});

export const lsoaCode = z.string().regex(/^E01[0-9]{6}$/);
