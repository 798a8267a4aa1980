import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipelines/model/build.ts';
import { tempWarehouse, type TempWarehouse } from '../pipelines/temp-warehouse.ts';
import { readReference } from './read-reference.ts';

/**
 * Population denominators (Census 2021 residents placed in 2022 areas) and NHS England's social
 * prescribing appointments, checked against the reference files read on their own.
 */
let w: TempWarehouse;

beforeAll(async () => {
  w = await tempWarehouse();
  await build(w.db);
});

afterAll(async () => {
  await w?.close();
});

/** England's usual residents in Census 2021 (ONS TS021). */
const ENGLAND_RESIDENTS = 56_490_108;

describe('residents (Census 2021)', () => {
  it("add up to England's 56,490,108 residents at every level, with every resident placed", async () => {
    const census = (await readReference('census2021_ethnic_group_lsoa21.csv')).filter((r) =>
      r.lsoa21_code.startsWith('E01'),
    );
    expect(census).toHaveLength(33_755);
    expect(census.reduce((s, r) => s + Number(r.all_usual_residents), 0)).toBe(ENGLAND_RESIDENTS);
    const levels = await w.db.all<{ area_level: string; residents: number; areas: number; unplaced: number }>(
      `select area_level, sum(residents)::BIGINT as residents, count(distinct area_code)::INTEGER as areas,
         count(*) filter (where area_code is null or imd_decile is null)::INTEGER as unplaced
       from marts.residents group by area_level order by area_level`,
    );
    expect(levels).toEqual([
      { area_level: 'E', residents: ENGLAND_RESIDENTS, areas: 1, unplaced: 0 },
      { area_level: 'ICB', residents: ENGLAND_RESIDENTS, areas: 42, unplaced: 0 },
      { area_level: 'REGION', residents: ENGLAND_RESIDENTS, areas: 7, unplaced: 0 },
      { area_level: 'SICBL', residents: ENGLAND_RESIDENTS, areas: 106, unplaced: 0 },
    ]);
  });

  it('the five groups of each LSOA add up to its usual residents, and so per group to England', async () => {
    const census = (await readReference('census2021_ethnic_group_lsoa21.csv')).filter((r) =>
      r.lsoa21_code.startsWith('E01'),
    );
    const groups = ['asian', 'black', 'mixed', 'white', 'other'];
    for (const r of census)
      expect(
        groups.reduce((s, g) => s + Number(r[g]), 0),
        r.lsoa21_code,
      ).toBe(Number(r.all_usual_residents));
    const rows = await w.db.all<{ ethnic_group: string; residents: number }>(
      `select ethnic_group, sum(residents)::BIGINT as residents from marts.residents
       where area_level = 'E' group by ethnic_group`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.ethnic_group, r.residents]))).toEqual(
      Object.fromEntries(groups.map((g) => [g, census.reduce((s, r) => s + Number(r[g]), 0)])),
    );
  });

  it("each 2020 CCG lands in a 2022 sub-ICB of the ICB HEEC's CCG → ICB lookup gives it", async () => {
    const heec = new Map(
      (await readReference('HEEC_CCG_ICB_code.csv')).map((r) => [r['CCG Code'], r['ICB Code']]),
    );
    const placed = await w.db.all<{ ccg_code: string; icb_code: string | null }>(
      `select distinct ccg_code, icb_code from intermediate.int_lsoa21_areas order by ccg_code`,
    );
    expect(placed.length).toBeGreaterThanOrEqual(135);
    const wrong = placed.filter((p) => heec.has(p.ccg_code) && heec.get(p.ccg_code) !== p.icb_code);
    expect(wrong).toEqual([]);
    expect(placed.filter((p) => !p.icb_code)).toEqual([]);
  });

  it('a hand-worked LSOA: Hartlepool 001A (2,284 residents) is in its CCG’s sub-ICB and IMD decile', async () => {
    const lsoa = (await readReference('IMD2019_File1_Index_of_Multiple_Deprivation_LSOA11.csv')).find(
      (r) => r['LSOA code (2011)'] === 'E01011954',
    )!;
    const ccg = (await readReference('ONS_LSOA11_CCG20_LAD20_Apr2020_lookup.csv')).find(
      (r) => r.LSOA11CD === 'E01011954',
    )!;
    const row = await w.db.one(
      `select sub_icb_code, imd_decile from intermediate.int_lsoa21_areas where lsoa21_code = 'E01011954'`,
    );
    expect(row).toEqual({
      sub_icb_code: ccg.CCG20CDH,
      imd_decile: Number(lsoa['Index of Multiple Deprivation (IMD) Decile']),
    });
  });
});

describe('GP social prescribing appointments (GPAD)', () => {
  it("England's monthly counts are NHS England's published ones (Table 1a)", async () => {
    const published = (await readReference('gpad/gpad_england_monthly.csv')).filter(
      (r) => r.measure === 'Social Prescribing Service',
    );
    expect(published).toHaveLength(30);
    const rows = await w.db.all<{ month: string; appointments: number }>(
      `select strftime(month, '%Y-%m') as month, appointments from marts.gp_appointments_monthly
       where area_level = 'E' order by month`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.month, r.appointments]))).toEqual(
      Object.fromEntries(published.map((r) => [r.month, Number(r.value)])),
    );
    // the publisher's own figures for the first and last months
    expect(rows[0]).toEqual({ month: '2022-12', appointments: 55_107 });
    expect(rows.at(-1)).toEqual({ month: '2025-05', appointments: 111_960 });
  });

  it('regions, ICBs and sub-ICBs of May 2025 (Table 3f) each add up to England’s count (Table 1a)', async () => {
    const rows = await w.db.all<{ area_level: string; appointments: number; areas: number; listed: number }>(
      `select area_level, sum(appointments)::BIGINT as appointments, count(*)::INTEGER as areas,
         count(registered_patients)::INTEGER as listed
       from marts.gp_appointments_monthly where month = '2025-05-01' group by area_level order by area_level`,
    );
    expect(rows).toEqual([
      { area_level: 'E', appointments: 111_960, areas: 1, listed: 1 },
      { area_level: 'ICB', appointments: 111_960, areas: 42, listed: 42 },
      { area_level: 'REGION', appointments: 111_960, areas: 7, listed: 7 },
      { area_level: 'SICBL', appointments: 111_960, areas: 106, listed: 106 },
    ]);
  });

  it('the denominator is the patients at included practices, as published', async () => {
    const published = (await readReference('gpad/gpad_england_monthly.csv')).find(
      (r) => r.month === '2025-05' && r.measure === 'Registered patients at included practices',
    )!;
    expect(
      await w.db.one(
        `select registered_patients from marts.gp_appointments_monthly where area_level = 'E' and month = '2025-05-01'`,
      ),
    ).toEqual({ registered_patients: Number(published.value) });
    // below England: the coverage file's sub-ICB lists of the month, which sum to within 0.1 % of it
    const sub = await w.db.one<{ n: number }>(
      `select sum(registered_patients)::BIGINT as n from marts.gp_appointments_monthly
       where area_level = 'SICBL' and month = '2025-05-01'`,
    );
    expect(Math.abs(sub!.n / Number(published.value) - 1)).toBeLessThan(0.001);
  });
});
