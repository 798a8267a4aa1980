import { AGE_BANDS, ETHNIC_GROUPS, REFERRAL_ROUTES, SEXES, keysOf } from '../contracts/codes.ts';
import type { DataTest } from '../define-model.ts';

/** Data tests shared by the marts: PCN codes exist in marts.areas, codes are from the code lists. */
export const pcnInAreas: DataTest = { type: 'relationships', column: 'pcn_code', to: 'marts.areas.pcn_code' };

export const personCodes = (
  columns: ('age_band' | 'sex' | 'ethnic_group' | 'referral_route')[],
): DataTest[] =>
  columns.map((column) => ({
    type: 'accepted_values',
    column,
    values: {
      age_band: [...AGE_BANDS],
      sex: keysOf(SEXES),
      ethnic_group: keysOf(ETHNIC_GROUPS),
      referral_route: keysOf(REFERRAL_ROUTES),
    }[column],
  }));

export const imdDecileInRange: DataTest = {
  type: 'expression',
  sql: 'imd_decile is null or imd_decile between 1 and 10',
  description: 'imd_decile is 1–10 or unknown',
};

export const monthIsFirstOfMonth: DataTest = {
  type: 'expression',
  sql: "month = date_trunc('month', month)",
  description: 'month is the first day of a month',
};
