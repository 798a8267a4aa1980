import { join } from 'node:path';
import { REFERRAL_REASONS } from '../contracts/codes.ts';
import { sqlString } from '../contracts/compile-checks.ts';
import { REFERENCE_DIR } from '../db/paths.ts';
import { pickSql } from './random-sql.ts';

/**
 * The synthetic truth, as DuckDB tables built set-wise: practices and LSOAs from the real
 * reference files, then referrals, the support people are linked into, wellbeing assessments and
 * the workforce. Every random draw is a hash of (row, seed, tag): see random-sql.ts.
 */
export interface ModelParams {
  referrals: number;
  /** First day of the first month, yyyy-mm-dd. */
  start: string;
  months: number;
  /** Last day of the last month: the extract date; nothing after it has happened yet. */
  end: string;
}

const ref = (file: string) => sqlString(join(REFERENCE_DIR, file));

export const REASONS = Object.keys(REFERRAL_REASONS);
const reasonList = `[${REASONS.map(sqlString).join(', ')}]`;
// Relative frequency of each reason (same order as REASONS), for under-65s and for 65 and over.
const REASON_WEIGHTS_YOUNGER = [32, 15, 12, 12, 8, 8, 6, 4, 3, 3];
const REASON_WEIGHTS_OLDER = [26, 27, 17, 6, 4, 7, 0.5, 6, 6, 3];

/** Practices with their PCN, area and latest registered list size; LSOAs by area, weighted to deprivation. */
export function geographySql(): string {
  return `
    create or replace temp table list_sizes as
    select "Practice.Code" as practice_code, round(TOTAL_PATIENTS)::BIGINT as list_size
    from read_csv(${ref('HEEC_workforce_year_practice_list_size.csv')}, header = true, nullstr = ['', 'NA'],
      columns = {'Practice.Code': 'VARCHAR', 'fiscal_year': 'INTEGER', 'TOTAL_PATIENTS': 'DOUBLE', 'TOTAL_GP_EXTGL_HC': 'VARCHAR'})
    where fiscal_year = (select max(fiscal_year) from read_csv(${ref('HEEC_workforce_year_practice_list_size.csv')}, header = true,
      nullstr = ['', 'NA'], columns = {'Practice.Code': 'VARCHAR', 'fiscal_year': 'INTEGER', 'TOTAL_PATIENTS': 'DOUBLE', 'TOTAL_GP_EXTGL_HC': 'VARCHAR'}))
      and TOTAL_PATIENTS > 0;

    create or replace temp table imd as
    select column0 as lsoa_code, column5::INTEGER as decile
    from read_csv(${ref('IMD2019_File1_Index_of_Multiple_Deprivation_LSOA11.csv')}, header = false, skip = 1, all_varchar = true)
    where column0 like 'E01%';

    create or replace temp table lsoa_ccg as
    select LSOA11CD as lsoa_code, CCG20CDH as ccg_code
    from read_csv(${ref('ONS_LSOA11_CCG20_LAD20_Apr2020_lookup.csv')}, header = true, all_varchar = true);

    create or replace temp table ccg_icb as
    select column0 as ccg_code, column1 as icb_code
    from read_csv(${ref('HEEC_CCG_ICB_code.csv')}, header = false, skip = 1, all_varchar = true);

    -- Each LSOA belongs to its 2020 CCG (most sub-ICB locations kept the code) and to its ICB.
    -- People are placed in deprived LSOAs more often: weight 13 - decile (12 for decile 1, 3 for 10).
    create or replace temp table lsoa_area as
    with x as (
      select l.lsoa_code, i.decile, 13 - i.decile as w, l.ccg_code, c.icb_code
      from lsoa_ccg l join imd i using (lsoa_code) left join ccg_icb c using (ccg_code)),
    areas as (
      select 'S:' || ccg_code as area, lsoa_code, decile, w from x
      union all select 'I:' || icb_code, lsoa_code, decile, w from x where icb_code is not null
      union all select 'N', lsoa_code, decile, w from x)
    select area, lsoa_code, decile, w,
      sum(w) over (partition by area order by lsoa_code rows between unbounded preceding and 1 preceding) as cum_start,
      sum(w) over (partition by area) as area_total
    from areas;
    update lsoa_area set cum_start = 0 where cum_start is null;

    create or replace temp table practices as
    with p as (
      select PRACTICE_CODE as practice_code, PCN_CODE as pcn_code, SUB_ICB_LOCATION_CODE as sub_icb,
        ICB_CODE as icb_code, COMM_REGION_NAME as region
      from read_csv(${ref('gp-reg-pat-prac-map_Oct2025.csv')}, header = true, all_varchar = true)
      where regexp_full_match(PRACTICE_CODE, '[A-Z][0-9]{5}') and regexp_full_match(PCN_CODE, 'U[0-9]{5}'))
    select p.*, s.list_size,
      case when 'S:' || sub_icb in (select area from lsoa_area) then 'S:' || sub_icb
           when 'I:' || icb_code in (select area from lsoa_area) then 'I:' || icb_code
           else 'N' end as area,
      -- Share of people from ethnic minority groups: higher in London and the Midlands.
      case region when 'London' then 0.45 when 'Midlands' then 0.23 when 'North West' then 0.17
        when 'North East and Yorkshire' then 0.14 when 'East of England' then 0.16
        when 'South East' then 0.14 else 0.07 end as minority_share
    from p join list_sizes s using (practice_code);
    create or replace temp table practices as
    select p.*, a.area_total from practices p join (select distinct area, area_total from lsoa_area) a using (area);
  `;
}

/** Months of the period with their weight: seasonality (fewer in August and December) and growth. */
export function monthsSql(p: ModelParams): string {
  return `
    create or replace temp table months as
    select m, month_start, last_day(month_start) as month_end,
      round(1000 * case month(month_start)
        when 1 then 1.10 when 2 then 1.08 when 3 then 1.12 when 4 then 0.97 when 5 then 1.00 when 6 then 1.00
        when 7 then 0.98 when 8 then 0.82 when 9 then 1.00 when 10 then 1.05 when 11 then 1.04 else 0.80 end
        * (1 + 0.12 * m / 12))::BIGINT as w
    from (select m, (DATE ${sqlString(p.start)} + to_months(m::INTEGER))::DATE as month_start from range(${p.months}) t(m));

    -- One bucket per month x practice, weighted by month weight x list size; referrals are spread
    -- over buckets by an integer draw against the cumulative weights (an ASOF join).
    create or replace temp table buckets as
    with b as (select m, practice_code, months.w * practices.list_size as w from months, practices)
    select m, practice_code,
      coalesce(sum(w) over (order by m, practice_code rows between unbounded preceding and 1 preceding), 0) as cum_start
    from b;
    create or replace temp table bucket_total as select sum(months.w * practices.list_size)::BIGINT as total from months, practices;
  `;
}

/** The referrals, with everything the extracts need and a few hidden truths (primary reason, deprivation). */
export function referralsSql(p: ModelParams): string {
  const END = `DATE '${p.end}'`;
  const tOf = `(r.m / greatest(${p.months} - 1, 1))`;
  const route = pickSql('u_route', [
    ['gp', `0.64 - 0.05 * t`],
    ['other_primary_care', 0.1],
    ['secondary_care', 0.06],
    ['self', `0.08 + 0.03 * t`],
    ['voluntary_sector', `0.06 + 0.01 * t`],
    ['local_authority', `0.04 + 0.01 * t`],
    ['other', 0.02],
  ]);
  const age = pickSql('u_age', [
    ['0-17', 2],
    ['18-24', 6],
    ['25-34', 10],
    ['35-44', 11],
    ['45-54', 14],
    ['55-64', 16],
    ['65-74', 16],
    ['75-84', 16],
    ['85+', 9],
  ]);
  const sex = pickSql('u_sex', [
    ['female', 60],
    ['male', 38.5],
    ['other', 0.3],
    ['not_known', 1.2],
  ]);
  const minority = pickSql('u_eth2', [
    ['asian', 45],
    ['black', 22],
    ['mixed', 15],
    ['other', 18],
  ]);
  const outcome = pickSql('u_outcome', [
    ['completed', 70],
    ['disengaged', 14],
    ['referred_elsewhere', 9],
    ['moved_away', 3],
    ['died', 1.5],
    ['other', 2.5],
  ]);
  const notEngagedOutcome = pickSql('u_outcome', [
    ['disengaged', 70],
    ['referred_elsewhere', 15],
    ['moved_away', 8],
    ['other', 7],
  ]);
  const weights = (w: number[]) => `[${w.join(', ')}]`;
  return `
    create or replace temp table referral_draws as
    select i, h(i, 'bucket') % (select total from bucket_total) as target from range(${p.referrals}) t(i);

    create or replace temp table referrals_truth as
    with placed as (
      select d.i, b.m, b.practice_code from referral_draws d asof join buckets b on d.target >= b.cum_start),
    r0 as (
      select r.i, r.m, ${tOf} as t, r.practice_code, pr.pcn_code, pr.area, pr.area_total, pr.minority_share,
        mo.month_start, mo.month_end,
        u(i, 'route') as u_route, u(i, 'age') as u_age, u(i, 'sex') as u_sex, u(i, 'eth') as u_eth,
        u(i, 'eth2') as u_eth2, u(i, 'outcome') as u_outcome,
        least(day(mo.month_end) - 1, floor(u(i, 'day') * day(mo.month_end)))::INTEGER as day_offset
      from placed r join practices pr using (practice_code) join months mo using (m)),
    r1 as (
      select *, ${route} as referral_route, ${age} as age_band, ${sex} as sex,
        (month_start + day_offset)::DATE as raw_date, h(i, 'lsoa') % area_total as lsoa_target
      from r0),
    r2 as (
      select r1.*,
        -- Referrals are made on weekdays: Saturday moves back to Friday, Sunday on to Monday (or back in the last days).
        case dayofweek(raw_date) when 6 then raw_date - 1
          when 0 then case when raw_date + 1 <= month_end then raw_date + 1 else raw_date - 2 end
          else raw_date end::DATE as referral_date,
        l.lsoa_code, l.decile
      from r1 asof join lsoa_area l
        on l.area = r1.area and r1.lsoa_target >= l.cum_start),
    r3 as (
      select *,
        u(i, 'declined') < 0.22 - 0.11 * t - case when referral_route = 'self' then 0.06 else 0 end as declined,
        case when age_band in ('65-74', '75-84', '85+') then ${weights(REASON_WEIGHTS_OLDER)} else ${weights(REASON_WEIGHTS_YOUNGER)} end as rw,
        case when u(i, 'nreasons') < 0.45 then 1 when u(i, 'nreasons') < 0.8 then 2 else 3 end as n_reasons,
        case when u_eth < 0.04 then 'not_stated'
             when u_eth < 0.04 + 0.96 * (minority_share + case when decile <= 3 then 0.05 else 0 end) then ${minority}
             else 'white' end as ethnic_group
      from r2),
    r4 as (
      select * exclude (rw),
        -- Weighted sampling without replacement (exponential race): the first reason is the primary one.
        list_transform(
          list_sort(list_transform(range(10), lambda k: {'key': -ln(1 - u2(i, k, 'reason')) / rw[k + 1], 'k': k}))[1:n_reasons],
          lambda s: ${reasonList}[s.k + 1]) as reasons,
        not declined and u(i, 'engaged') < 0.90 as engaged,
        -- Waits to first contact are right-skewed: median about 12 days.
        least(120, round(exp(ln(12) + 0.6 * z(i, 'wait'))))::INTEGER as wait_days,
        least(60, greatest(1, round(exp(ln(8) + 0.45 * z(i, 'contacts')))))::INTEGER as contacts_planned,
        greatest(7, round(exp(ln(55) + 0.5 * z(i, 'duration'))))::INTEGER as duration_days
      from r3),
    r5 as (
      select *, reasons[1] as primary_reason,
        case when engaged then referral_date + wait_days end::DATE as contact_date,
        case when declined then referral_date + (h(i, 'decl') % 8)::INTEGER
             when engaged then referral_date + wait_days + duration_days
             else referral_date + 30 + (h(i, 'lost') % 60)::INTEGER end::DATE as end_planned,
        case when declined then 'declined' when engaged then ${outcome} else ${notEngagedOutcome} end as outcome_planned
      from r4)
    select i, m, t, practice_code, pcn_code,
      'R' || lpad((i + 1)::VARCHAR, 8, '0') as referral_id,
      'P' || lpad(to_hex(h(i, 'person') >> 16), 12, '0') as person_pseudonym,
      referral_date, referral_route, reasons, primary_reason, declined,
      case when contact_date <= ${END} then contact_date end as first_contact_date,
      case when contact_date <= ${END} - 21 then u(i, 'careplan') < 0.86 end as care_plan_agreed,
      case when end_planned <= ${END} then end_planned end as episode_end_date,
      case when end_planned <= ${END} then outcome_planned end as episode_outcome,
      case when not engaged or contact_date > ${END} then 0
           when end_planned <= ${END} then contacts_planned
           else greatest(1, round(contacts_planned * (${END} - contact_date) / duration_days))::INTEGER
      end as contact_count,
      age_band, sex, ethnic_group,
      case when u(i, 'nolsoa') < 0.03 then null else lsoa_code end as lsoa_code, decile
    from r5;
  `;
}
