import { basename } from 'node:path';

/**
 * The source of a delivery, from its file name: the name without extension and without a trailing
 * version or correction marker, so `referrals_2024-05_v2.csv` is a correction of
 * `referrals_2024-05.csv`. A correction replaces the earlier batch of the same extract, source
 * and period (docs/extracts.md, "Corrections and re-sent files").
 */
export function deliverySource(path: string): string {
  return basename(path)
    .toLowerCase()
    .replace(/(\.(csv|txt|parquet|gz))+$/, '')
    .replace(/([_-](v[0-9]+|corrected|correction|resend|resent|revised))+$/, '');
}
