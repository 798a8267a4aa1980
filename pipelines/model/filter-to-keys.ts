/** The temporary table holding the referral_ids an incremental build brings up to date. */
export const BUILD_KEYS = 'build_keys';

/**
 * The temporary table of the referral_ids whose rows a model's refresh changed beyond the affected
 * keys (`relation`, `referral_id`): the marts by month reading that model rebuild their months.
 */
export const BUILD_REFRESHED = 'build_refreshed';

/**
 * The model's SQL with each keyed input read only for the affected keys: `staging.stg_referrals`
 * becomes `(select * from staging.stg_referrals where referral_id in (select … from build_keys))`.
 * Only a whole relation name is replaced (not `raw.referrals_x`, not a column `raw.referrals.y`).
 *
 * With a `rowKey` (a landed row re-sent under its own id, the latest delivery winning), a landed
 * input keeps every delivery of each row any affected key names: filtering by the key alone would
 * drop the latest delivery of a row re-sent under another referral and let an older one win. What
 * the model returns is then kept to the affected keys.
 */
export function filterToKeys(
  relation: string,
  sql: string,
  spec: { keyedInputs: string[]; key: string; rowKey?: string },
): string {
  const { key, rowKey } = spec;
  const affected = `${key} in (select ${key} from ${BUILD_KEYS})`;
  let filtered = sql;
  for (const input of spec.keyedInputs) {
    const name = new RegExp(`\\b${input.replace('.', '\\.')}(?![a-z0-9_.])`, 'g');
    if (!new RegExp(name.source).test(filtered)) {
      throw new Error(`model ${relation}: keyed input ${input} is not read by its SQL`);
    }
    const rows =
      rowKey && input.startsWith('raw.')
        ? `${rowKey} in (select ${rowKey} from ${input} where ${affected})`
        : affected;
    filtered = filtered.replace(name, `(select * from ${input} where ${rows})`);
  }
  return `select * from (\n${filtered}\n) where ${affected}`;
}
