/**
 * The truth the attacks are checked against: the published snapshot the server reads, opened
 * read-only. Only the figures the control test compares (England, one period): the people paired
 * per instrument and measure, and each PCN's referrals in the 12 months to the last month.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function readTruth(db: string, from: string, to: string) {
  const dir = join(dirname(db), 'snapshots');
  const name = (await readFile(join(dir, 'CURRENT'), 'utf8')).trim();
  const instance = await DuckDBInstance.create(join(dir, name), { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();
    const pairs = await rows(
      `select instrument, measure, sum(people)::INTEGER as n from marts.outcome_pairs
       where month between '${from}-01' and '${to}-01' group by all`,
    );
    const capacity = await rows(
      `select pcn_code, accepted_referrals_12_months as r from marts.capacity_monthly where month = '${to}-01'`,
    );
    return {
      pairs: new Map(pairs.map((r) => [`${String(r.instrument)}/${String(r.measure)}`, Number(r.n)])),
      referrals12m: new Map(capacity.map((r) => [String(r.pcn_code), Number(r.r)])),
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
