import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
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

describe('denominators through history', () => {
  it("England's monthly registered patients are NHS England's published totals (GPAD Table 1a)", async () => {
    const published = (await readReference('gpad/gpad_england_monthly.csv')).filter(
      (r) => r.measure === 'Registered patients at open active practices',
    );
    expect(published).toHaveLength(30); // Dec 2022 – May 2025
    const rows = await w.db.all<{ month: string; registered_patients: number; source: string }>(
      `select strftime(month, '%Y-%m') as month, registered_patients, source
       from marts.registered_patients_monthly where area_type = 'england'
         and month between '2022-12-01' and '2025-05-01' order by month`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.month, r.registered_patients]))).toEqual(
      Object.fromEntries(published.map((r) => [r.month, Number(r.value)])),
    );
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['gpad_coverage']));
  });

  it("a past year's list counts the practices closed since: England 2019/20 is the whole published list", async () => {
    // every practice's 2019/20 list in the HEEC file, summed here: 59,347,455 (the October 2025
    // practices alone had 54,702,341, 7.8 % short)
    const heec = await readReference('HEEC_workforce_year_practice_list_size.csv');
    const listed = heec.filter((r) => r.fiscal_year === '19' && Number(r.TOTAL_PATIENTS) > 0);
    const england = listed.reduce((s, r) => s + Number(r.TOTAL_PATIENTS), 0);
    expect(england).toBe(59_347_455);
    expect(
      await w.db.one(
        `select registered_patients, source, fiscal_year from marts.registered_patients_monthly
         where area_type = 'england' and month = '2019-06-01'`,
      ),
    ).toEqual({ registered_patients: england, source: 'list_sizes', fiscal_year: '2019-20' });
    // and the PCN denominators add up to it (closed practices in their pseudo-PCNs)
    expect(
      await w.db.one(
        `select sum(registered_patients)::BIGINT as n from intermediate.int_registered_patients where month = '2019-06-01'`,
      ),
    ).toEqual({ n: england });
  });

  it('the list sizes agree with the GPAD coverage within 1.5 % in each year both cover', async () => {
    // two publications: GP Workforce list sizes (HEEC) and GPAD's registered patients; a larger gap
    // would mean practices lost or counted twice
    const rows = await w.db.all<{ fiscal_year: string; list_sizes: number; coverage: number }>(
      `select l.fiscal_year, any_value(l.n) as list_sizes, avg(e.registered_patients) as coverage
       from (select fiscal_year, fiscal_year_start, sum(registered_patients) as n
             from staging.stg_list_sizes group by all) as l
       inner join marts.registered_patients_monthly as e
         on e.area_type = 'england' and e.source = 'gpad_coverage' and not e.is_carried_forward
         and e.month between make_date(l.fiscal_year_start, 4, 1) and make_date(l.fiscal_year_start + 1, 3, 1)
       group by l.fiscal_year order by l.fiscal_year`,
    );
    expect(rows.map((r) => r.fiscal_year)).toEqual(['2020-21', '2021-22', '2022-23', '2023-24', '2024-25']);
    for (const r of rows) expect(Math.abs(r.list_sizes / r.coverage - 1), r.fiscal_year).toBeLessThan(0.015);
  });

  it("each sub-ICB's month is the coverage file's row, and every level adds up to England", async () => {
    const coverage = await readReference('APPOINTMENTS_GP_COVERAGE_2023-02_2025-07.csv');
    const row = coverage.find(
      (r) => r.SUB_ICB_LOCATION_CODE === '16C' && r.Appointment_Month === '01MAR2024',
    )!;
    expect(
      await w.db.one(
        `select registered_patients from marts.registered_patients_monthly
         where area_type = 'sub_icb' and area_code = '16C' and month = '2024-03-01'`,
      ),
    ).toEqual({ registered_patients: Number(row['Patients registered at open practices']) });
    const totals = await w.db.all<{ area_type: string; n: number }>(
      `select area_type, sum(registered_patients)::BIGINT as n from marts.registered_patients_monthly
       where month = '2024-03-01' and area_type <> 'pcn' group by area_type order by area_type`,
    );
    expect(new Set(totals.map((t) => t.n)).size).toBe(1);
    expect(totals).toHaveLength(4);
  });
});

describe('marts.areas', () => {
  it("adds up to England's latest published list, closed practices' earlier lists left out", async () => {
    // every practice's 2024/25 list in the HEEC file (each rounded to a whole patient, as staged)
    const heec = await readReference('HEEC_workforce_year_practice_list_size.csv');
    const latest = heec
      .filter((r) => r.fiscal_year === '24' && Number(r.TOTAL_PATIENTS) > 0)
      .reduce((s, r) => s + Math.round(Number(r.TOTAL_PATIENTS)), 0);
    expect(latest).toBeGreaterThan(62_000_000);
    expect(
      await w.db.one(
        `select sum(registered_patients)::BIGINT as n, count(distinct registered_patients_year)::INTEGER as years
         from marts.areas`,
      ),
    ).toEqual({ n: latest, years: 1 });
  });
});
