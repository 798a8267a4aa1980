import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../pipelines/db/paths.ts';
import { loadFile } from '../../pipelines/load/load-file.ts';
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

const HEADER =
  'referral_id,person_pseudonym,gp_practice_code,referral_date,referral_route,referral_reasons,snomed_code,first_contact_date,care_plan_agreed,episode_end_date,episode_outcome,contact_count,age_band,sex,ethnic_group,lsoa_code';
const referral = (id: string, practice: string, date: string, lsoa: string) =>
  `${id},P${id},${practice},${date},gp,mental_wellbeing,871731000000106,,,,,,35-44,female,white,${lsoa}`;

/** Real codes: LSOAs from the ONS lookup and IMD 2019; A81632 closed after 2020/21 (list sizes 16–20). */
const REFERRALS = [
  referral('L11', 'A81001', '2024-04-02', 'E01012020'), // an LSOA 2011
  referral('L21S', 'A81001', '2024-04-02', 'E01035196'), // Middlesbrough 020H: split from E01012064
  referral('L21M', 'A81001', '2024-04-02', 'E01034990'), // Maidstone 001F: E01024334 + E01024338 merged
  referral('L21M2', 'A81001', '2024-04-02', 'E01035054'), // Leeds 112F: E01033018 + E01033019 merged
  referral('L21X', 'A81001', '2024-04-02', 'E01035624'), // Gateshead 029D: irregular, two 2011 parents
  referral('LBAD', 'A81001', '2024-04-02', 'E01099999'), // line 7: in neither
  referral('C1', 'A81632', '2019-06-10', 'E01012020'), // closed practice, open in 2019/20
  referral('C2', 'A81632', '2022-05-01', 'E01012020'), // line 9: A81632 had no list in 2022/23
  referral('C3', 'A81634', '2025-09-01', 'E01012020'), // closed, list in 2024/25 (the latest year)
  referral('C4', 'A81633', '2025-09-01', 'E01012020'), // line 11: last list 2023/24
];

beforeAll(async () => {
  w = await tempWarehouse();
  const file = join(w.dir, 'referrals_2024-04.csv');
  await writeFile(file, [HEADER, ...REFERRALS, ''].join('\n'));
  const report = await loadFile(file, w.effects);
  expect(report).toMatchObject({ status: 'loaded', rowsRead: 10, rowsLoaded: 7 });
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

describe('LSOA 2021 codes', () => {
  it('are accepted and take an IMD 2019 decile through the ONS 2011 → 2021 lookup', async () => {
    const rows = await w.db.all<{ referral_id: string; imd_decile: number }>(
      `select referral_id, imd_decile from intermediate.int_referrals where referral_id like 'L%' order by referral_id`,
    );
    // IMD 2019 File 1: decile 5 = ranks 13,138–16,422; 6 = 16,423–19,706; 9 = 26,276–29,559
    expect(Object.fromEntries(rows.map((r) => [r.referral_id, r.imd_decile]))).toEqual({
      L11: 1, // E01012020 (Middlesbrough 011C): rank 2,463, decile 1 in the IMD file
      L21S: 7, // a split takes its parent's decile: E01012064 rank 20,760, decile 7
      L21M: 9, // mean rank of 25,938 (decile 8) and 27,456 (decile 9) = 26,697: decile 9
      L21M2: 6, // mean of 16,129 (5) and 19,592 (6) = 17,860.5, rounded down 17,860: decile 6
      L21X: 4, // mean of 7,247 (3) and 16,160 (5) = 11,703.5 → 11,703: decile 4 (9,854–13,137)
    });
  });

  it('still rejects a code in neither the IMD file nor the lookup, with a reason', async () => {
    const rejects = await w.db.all<{ line: number; column_name: string; value: string; reason: string }>(
      `select line, column_name, value, reason from audit.rejected_rows order by line`,
    );
    expect(rejects.find((r) => r.line === 7)).toMatchObject({
      column_name: 'lsoa_code',
      value: 'E01099999',
      reason: expect.stringMatching(/not a known code .*LSOA 2021/),
    });
  });
});

describe('referrals from practices closed since', () => {
  it('are accepted while the practice had a list and placed in its pseudo-PCN of closed practices', async () => {
    // today's A81 practices are all in sub-ICB 16C (ICB QHM): the map file, counted here
    const map = await readReference('gp-reg-pat-prac-map_Oct2025.csv');
    const a81 = new Set(
      map.filter((r) => r.PRACTICE_CODE.startsWith('A81')).map((r) => r.SUB_ICB_LOCATION_CODE),
    );
    expect([...a81]).toEqual(['16C']);
    expect(
      await w.db.all(
        `select r.referral_id, r.pcn_code, r.sub_icb_code, r.icb_code, a.is_current
         from intermediate.int_referrals as r inner join marts.areas as a using (pcn_code)
         where referral_id like 'C%' order by referral_id`,
      ),
    ).toEqual([
      { referral_id: 'C1', pcn_code: 'X16C', sub_icb_code: '16C', icb_code: 'QHM', is_current: false },
      { referral_id: 'C3', pcn_code: 'X16C', sub_icb_code: '16C', icb_code: 'QHM', is_current: false },
    ]);
  });

  it('are rejected when the practice had no list in the financial year of the referral', async () => {
    const rejects = await w.db.all<{ line: number; column_name: string; value: string }>(
      `select line, column_name, value from audit.rejected_rows where column_name = 'gp_practice_code' order by line`,
    );
    expect(rejects).toEqual([
      { line: 9, column_name: 'gp_practice_code', value: 'A81632' },
      { line: 11, column_name: 'gp_practice_code', value: 'A81633' },
    ]);
  });
});
