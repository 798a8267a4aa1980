import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Splits a generated extract folder into the history a warehouse already holds and one monthly
 * delivery: the delivery is the files named for the last month (`referrals_2026-11.csv`,
 * `support_offered_2026-11.csv`, `wellbeing_scores_2026-11.csv`: the generator names each
 * monthly file `<extract>_<yyyy-mm>.<ext>`), the history everything else, including the files
 * that span the whole period (`workforce_local_<from>_<to>.csv`, `gp_activity_<from>_<to>.csv`).
 * Files are moved, not copied. Returns the two folders and the delivery's files.
 */
export async function splitByMonth(
  dir: string,
  into: string,
): Promise<{ history: string; delivery: string; month: string; deliveryFiles: string[] }> {
  const names = (await readdir(dir)).filter((n) => /\.(csv|parquet)$/.test(n));
  const monthly = (n: string) => /^[a-z_]+?_([0-9]{4}-[0-9]{2})\.(csv|parquet)$/.exec(n)?.[1];
  const month = names
    .map(monthly)
    .filter((m): m is string => m !== undefined)
    .sort()
    .at(-1);
  if (!month) throw new Error(`${dir}: no monthly extract files (<extract>_<yyyy-mm>.csv) to split`);
  const history = join(into, 'history');
  const delivery = join(into, 'delivery');
  await mkdir(history, { recursive: true });
  await mkdir(delivery, { recursive: true });
  const deliveryFiles: string[] = [];
  for (const name of names) {
    const isDelivery = monthly(name) === month;
    await rename(join(dir, name), join(isDelivery ? delivery : history, name));
    if (isDelivery) deliveryFiles.push(name);
  }
  return { history, delivery, month, deliveryFiles };
}
