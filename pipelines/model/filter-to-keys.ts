/** The temporary table holding the referral_ids an incremental build brings up to date. */
export const BUILD_KEYS = 'build_keys';

/**
 * The model's SQL with each keyed input read only for the affected keys: `staging.stg_referrals`
 * becomes `(select * from staging.stg_referrals where referral_id in (select … from build_keys))`.
 * Only a whole relation name is replaced (not `raw.referrals_x`, not a column `raw.referrals.y`).
 */
export function filterToKeys(relation: string, sql: string, keyedInputs: string[], key: string): string {
  let filtered = sql;
  for (const input of keyedInputs) {
    const name = new RegExp(`\\b${input.replace('.', '\\.')}(?![a-z0-9_.])`, 'g');
    if (!name.test(filtered)) {
      throw new Error(`model ${relation}: keyed input ${input} is not read by its SQL`);
    }
    filtered = filtered.replace(
      name,
      `(select * from ${input} where ${key} in (select ${key} from ${BUILD_KEYS}))`,
    );
  }
  return filtered;
}
