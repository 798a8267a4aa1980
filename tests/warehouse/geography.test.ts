import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../pipelines/db/paths.ts';
import { splitCsvLine } from '../../pipelines/load/read-header.ts';
import { build } from '../../pipelines/model/build.ts';
import { tempWarehouse, type TempWarehouse } from '../pipelines/temp-warehouse.ts';

/**
 * Geography and denominators, checked against the reference files themselves (read here with a
 * plain CSV split, not through the warehouse): the practice map, the list sizes, the LSOA lookup.
 */
let w: TempWarehouse;

/** The rows of a reference CSV as objects keyed by header (BOM and CR removed). */
async function readReference(file: string): Promise<Record<string, string>[]> {
  const text = (await readFile(join(REFERENCE_DIR, file), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const names = splitCsvLine(header, ',');
  return lines.map((line) => {
    const fields = splitCsvLine(line, ',');
    return Object.fromEntries(names.map((n, i) => [n, fields[i]]));
  });
}

beforeAll(async () => {
  w = await tempWarehouse();
  await build(w.db);
});

afterAll(async () => {
  await w?.close();
});

describe('unallocated practices', () => {
  it('sit in a pseudo-PCN of their own sub-ICB and ICB, never one PCN across ICBs', async () => {
    const unallocated = (await readReference('gp-reg-pat-prac-map_Oct2025.csv')).filter(
      (r) => r.PCN_CODE === 'U',
    );
    const icbs = new Set(unallocated.map((r) => r.ICB_CODE));
    // the publisher's pseudo-PCN "U" holds practices of many ICBs
    expect(unallocated.length).toBeGreaterThan(50);
    expect(icbs.size).toBeGreaterThan(30);
    const placed = await w.db.all<{
      practice_code: string;
      pcn_code: string;
      pcn_name: string;
      sub_icb_code: string;
      icb_code: string;
    }>(
      `select p.practice_code, p.pcn_code, a.pcn_name, a.sub_icb_code, a.icb_code
       from marts.practices as p inner join marts.areas as a on a.pcn_code = p.pcn_code
       where p.practice_code in (${unallocated.map((r) => `'${r.PRACTICE_CODE}'`).join(', ')})`,
    );
    expect(placed).toHaveLength(unallocated.length);
    const byCode = new Map(placed.map((p) => [p.practice_code, p]));
    for (const r of unallocated) {
      const p = byCode.get(r.PRACTICE_CODE)!;
      expect(p, r.PRACTICE_CODE).toMatchObject({
        pcn_code: `U${r.SUB_ICB_LOCATION_CODE}`,
        sub_icb_code: r.SUB_ICB_LOCATION_CODE,
        icb_code: r.ICB_CODE,
      });
      expect(p.pcn_name).toMatch(/^Unallocated practices/);
    }
    // one pseudo-PCN per sub-ICB with unallocated practices, none holding practices of another
    // ICB (a real PCN may straddle an ICB border: U41591 does)
    expect(new Set(placed.map((p) => p.pcn_code)).size).toBe(
      new Set(unallocated.map((r) => r.SUB_ICB_LOCATION_CODE)).size,
    );
    expect(
      await w.db.all(
        `select pcn_code from marts.practices where pcn_code in (select pcn_code from marts.areas where pcn_name like 'Unallocated%')
         group by pcn_code having count(distinct icb_code) > 1`,
      ),
    ).toEqual([]);
  });
});
