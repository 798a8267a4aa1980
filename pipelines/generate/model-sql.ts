import { join } from 'node:path';
import { REFERRAL_REASONS } from '../../warehouse/contracts/codes.ts';
import { sqlString } from '../contracts/compile-checks.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
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

/** What referralsSql needs from the tables monthsSql made. */
export interface Totals {
  bucketTotal: bigint;
}

const ref = (file: string) => sqlString(join(REFERENCE_DIR, file));

export const REASONS = Object.keys(REFERRAL_REASONS);

/** Share of referrals drawn as a re-referral of a person referred 1-6 months earlier (an assumption: docs/synthetic-data.md). */
export const REREFERRAL_SHARE = 0.12;
/** Share of people whose LSOA is recorded with its 2021 code (an assumption: docs/synthetic-data.md). */
export const LSOA21_SHARE = 0.3;
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
      (sum(w) over (partition by area order by lsoa_code rows between unbounded preceding and 1 preceding))::BIGINT as cum_start,
      (sum(w) over (partition by area))::BIGINT as area_total
    from areas;
    update lsoa_area set cum_start = 0 where cum_start is null;
    -- One row per unit of weight, so a draw in [0, area_total) finds its LSOA by an equality join
    -- (a hash join) rather than an ASOF join, which sorts every referral with all its columns.
    create or replace temp table lsoa_slot as
    select area, (cum_start + k)::BIGINT as slot, lsoa_code, decile
    from lsoa_area, range(12) t(k) where k < w;

    -- LSOA 2011 → its 2021 successors where the code changed (split, merged or irregular), numbered.
    create or replace temp table lsoa_children as
    select LSOA11CD as lsoa11, LSOA21CD as lsoa21,
      (row_number() over (partition by LSOA11CD order by LSOA21CD) - 1)::UBIGINT as k,
      (count(*) over (partition by LSOA11CD))::UBIGINT as n
    from read_csv(${ref('LSOA11_LSOA21_LAD22_lookup_EW.csv')}, header = true, all_varchar = true)
    where LSOA21CD like 'E01%' and CHGIND <> 'U';

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

    -- Every practice with a list size in some financial year, with the list size of each year: the
    -- current ones (October 2025 mapping) and those that have closed or merged since, which keep
    -- referring in the years they had patients (the loader accepts them for those years). A closed
    -- practice is placed in the sub-ICB and ICB holding most current practices whose code shares its
    -- first three characters (else its first), the rule the warehouse uses (int_closed_practices).
    create or replace temp table practice_years as
    with ls as (
      select "Practice.Code" as practice_code, fiscal_year, round(TOTAL_PATIENTS)::BIGINT as list_size
      from read_csv(${ref('HEEC_workforce_year_practice_list_size.csv')}, header = true, nullstr = ['', 'NA'],
        columns = {'Practice.Code': 'VARCHAR', 'fiscal_year': 'INTEGER', 'TOTAL_PATIENTS': 'DOUBLE', 'TOTAL_GP_EXTGL_HC': 'VARCHAR'})
      where TOTAL_PATIENTS > 0)
    select * from ls where practice_code in (select practice_code from practices)
      or practice_code not in (select PRACTICE_CODE from read_csv(${ref('gp-reg-pat-prac-map_Oct2025.csv')}, header = true, all_varchar = true));
    create or replace temp table closed_practices as
    with closed as (select distinct practice_code from practice_years where practice_code not in (select practice_code from practices)),
    by_prefix as (
      select prefix, sub_icb, icb_code, region, minority_share from (
        select prefix, sub_icb, icb_code, region, minority_share, count(*) as n from (
          select left(practice_code, 3) as prefix, * from practices union all select left(practice_code, 1), * from practices)
        group by all)
      qualify row_number() over (partition by prefix order by n desc, sub_icb) = 1),
    placed as (
      select c.practice_code, coalesce(b3.sub_icb, b1.sub_icb) as sub_icb, coalesce(b3.icb_code, b1.icb_code) as icb_code,
        coalesce(b3.region, b1.region) as region, coalesce(b3.minority_share, b1.minority_share) as minority_share
      from closed c left join by_prefix b3 on b3.prefix = left(c.practice_code, 3)
        left join by_prefix b1 on b1.prefix = left(c.practice_code, 1))
    select practice_code, null::VARCHAR as pcn_code, sub_icb, icb_code, region, minority_share,
      case when 'S:' || sub_icb in (select area from lsoa_area) then 'S:' || sub_icb
           when 'I:' || icb_code in (select area from lsoa_area) then 'I:' || icb_code else 'N' end as area
    from placed where icb_code is not null;

    -- Area random effects (the planted truth): on the log scale for the referral rate and the size of
    -- the wellbeing change, on the log-odds scale for declines and follow-up completeness; ICB and
    -- PCN effects are independent normals keyed by the area's code, so an area keeps its effects
    -- whatever the size of the run. A closed practice has its ICB's effects only.
    create or replace temp table icb_effects as
    with icbs as (select distinct icb_code from practices)
    select icb_code,
      ${AREA_SD.icb.rate} * z(icb_code, 'icb:rate') as rate,
      ${AREA_SD.icb.decline} * z(icb_code, 'icb:decline') as decline,
      ${AREA_SD.icb.followUp} * z(icb_code, 'icb:followup') as follow_up,
      ${AREA_SD.icb.change} * z(icb_code, 'icb:change') as change,
      -- Growth of the referral rate a year, on the log scale, beside England's.
      ${AREA_SD.icb.trend} * z(icb_code, 'icb:trend') as trend
    from icbs;
    create or replace temp table pcn_effects as
    with pcns as (select pcn_code, any_value(icb_code) as icb_code from practices group by pcn_code)
    select pcn_code, icb_code,
      ${AREA_SD.pcn.rate} * z(pcn_code, 'pcn:rate') as rate,
      ${AREA_SD.pcn.decline} * z(pcn_code, 'pcn:decline') as decline,
      ${AREA_SD.pcn.followUp} * z(pcn_code, 'pcn:followup') as follow_up,
      ${AREA_SD.pcn.change} * z(pcn_code, 'pcn:change') as change
    from pcns;
    create or replace temp table practice_effects as
    with all_practices as (
      select practice_code, pcn_code, icb_code, area, minority_share from practices
      union all select practice_code, pcn_code, icb_code, area, minority_share from closed_practices)
    select a.*, la.area_total, i.trend,
      i.rate + coalesce(n.rate, 0) as e_rate, i.decline + coalesce(n.decline, 0) as e_decline,
      i.follow_up + coalesce(n.follow_up, 0) as e_follow_up, i.change + coalesce(n.change, 0) as e_change
    from all_practices a join icb_effects i using (icb_code) left join pcn_effects n using (pcn_code)
      join (select distinct area, area_total from lsoa_area) la using (area);
  `;
}

/**
 * Standard deviations of the area random effects (normal on the log scale for the referral rate and
 * the size of the wellbeing change, on the log-odds scale for declines and follow-up completeness).
 * ICB and PCN effects add: a PCN's rate varies with SD √(0.3² + 0.4²) = 0.5 around England's, within
 * the 0.4–0.6 of issue 14 (docs/synthetic-data.md).
 */
export const AREA_SD = {
  icb: { rate: 0.3, decline: 0.3, followUp: 0.3, change: 0.25, trend: 0.15 },
  pcn: { rate: 0.4, decline: 0.4, followUp: 0.4, change: 0.35 },
};

/** ICBs whose referrals step up or down part-way through the period: the shifts SPC should flag. */
export const SHIFTS = { up: 2, down: 2, upFactor: 1.8, downFactor: 0.55, minMonths: 8 };

/** The month index of the planted shifts: 40% of the way through, so at least 7 months follow it in 12. */
export const shiftMonth = (months: number) => Math.floor(months * 0.4);

/**
 * Months of the period with their weight (seasonality: fewer in August and December; growth), the
 * planted shifts, and the buckets referrals are spread over.
 */
export function monthsSql(p: ModelParams): string {
  const shifts = p.months >= SHIFTS.minMonths ? SHIFTS.up + SHIFTS.down : 0;
  return `
    create or replace temp table months as
    select m, month_start, last_day(month_start) as month_end, day(last_day(month_start)) as days,
      dayofweek(month_start) as dow0,
      -- the financial year of the month's list sizes (2024 for 2024/25), at most the latest published
      least(year(month_start) - case when month(month_start) < 4 then 1 else 0 end - 2000,
        (select max(fiscal_year) from practice_years)) as fiscal_year,
      round(1000 * case month(month_start)
        when 1 then 1.10 when 2 then 1.08 when 3 then 1.12 when 4 then 0.97 when 5 then 1.00 when 6 then 1.00
        when 7 then 0.98 when 8 then 0.82 when 9 then 1.00 when 10 then 1.05 when 11 then 1.04 else 0.80 end
        * (1 + 0.12 * m / 12))::BIGINT as w
    from (select m, (DATE ${sqlString(p.start)} + to_months(m::INTEGER))::DATE as month_start from range(${p.months}) t(m));

    -- The ICBs with a planted shift: drawn among the larger half (so the step stands out of the
    -- noise at test sizes too), the first ${SHIFTS.up} up, the next ${SHIFTS.down} down.
    create or replace temp table icb_shifts as
    with sizes as (
      select icb_code, sum(list_size) as list_size from practices group by icb_code),
    big as (select icb_code from sizes where list_size >= (select median(list_size) from sizes)),
    ranked as (select icb_code, row_number() over (order by u(icb_code, 'icb:shift'), icb_code) as k from big)
    select icb_code, ${shiftMonth(p.months)} as shift_m,
      case when k <= ${SHIFTS.up} then ${SHIFTS.upFactor} else ${SHIFTS.downFactor} end as factor
    from ranked where k <= ${shifts};

    -- One bucket per month x practice, weighted by month weight x the practice's list size in the
    -- month's financial year x its areas' rate effects x its ICB's trend and shift; referrals are
    -- spread over buckets by an integer draw against the cumulative weights (an ASOF join).
    create or replace temp table bucket_weights as
    select mo.m, y.practice_code, pe.pcn_code, pe.icb_code, y.list_size,
      round(mo.w * y.list_size * exp(pe.e_rate + pe.trend * mo.m / 12)
        * case when mo.m >= s.shift_m then s.factor else 1 end)::BIGINT as w
    from months mo join practice_years y using (fiscal_year) join practice_effects pe using (practice_code)
      left join icb_shifts s using (icb_code);
    create or replace temp table buckets as
    select m, practice_code,
      coalesce(sum(w) over (order by m, practice_code rows between unbounded preceding and 1 preceding), 0)::BIGINT as cum_start
    from bucket_weights;
    create or replace temp table bucket_total as select sum(w)::BIGINT as total from bucket_weights;
  `;
}

/** The referrals, with everything the extracts need and a few hidden truths (primary reason, deprivation). */
export function referralsSql(p: ModelParams & Totals): string {
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
  const reasonPick = (draw: string, w: number[]) =>
    pickSql(
      draw,
      REASONS.map((r, k): [string, number] => [r, w[k]]),
    );
  return `
    -- One statement, no intermediate tables: storing 10 M wide rows costs more than computing them.
    create or replace temp table referrals_truth as
    with referral_draws as (
      -- Systematic sampling with jitter: referral i falls at (i + u) / N of the way through the
      -- cumulative weights, so referrals come out in month (then practice) order, like real ids.
      select i, floor((i + u(i, 'bucket')) * ${p.bucketTotal}::DOUBLE / ${p.referrals})::BIGINT as target,
        -- A re-referral names an earlier referral, 1-6 months' worth of referrals back (referrals
        -- are numbered in month then practice order, so about the same practice some months before).
        u(i, 'rerefer') < ${REREFERRAL_SHARE} as drawn_rereferral,
        i - (1 + h(i, 'rerefer_gap') % 6)::BIGINT * ${Math.max(1, Math.round(p.referrals / p.months))} as earlier
      from range(${p.referrals}) t(i)),
    placed0 as materialized (
      select d.i, d.drawn_rereferral, d.earlier, b.m, b.practice_code, mo.fiscal_year, pe.pcn_code is not null as is_current
      from referral_draws d asof join buckets b on d.target >= b.cum_start join months mo using (m)
        join practice_effects pe using (practice_code)),
    -- The person of a re-referral is the person of the earlier referral (when that one was made in an
    -- earlier month and is a first referral itself), at the same practice: every draw about the person
    -- (pseudonym, age, sex, ethnicity, LSOA) is keyed by pk, the first referral's number. (An inner
    -- equality join, then a left join on i: a left join with the conditions in it is planned far slower.)
    rereferrals as (
      select a.i, e.i as pk, e.practice_code
      from placed0 a join placed0 e on e.i = a.earlier
      where a.drawn_rereferral and not e.drawn_rereferral and e.m < a.m
        -- a practice that has closed since can refer only in years it had patients (the loader checks)
        and (e.fiscal_year = a.fiscal_year or e.is_current)),
    placed as (
      select a.i, a.m, coalesce(x.practice_code, a.practice_code) as practice_code, coalesce(x.pk, a.i) as pk,
        x.i is not null as is_rereferral
      from placed0 a left join rereferrals x using (i)),
    r0 as (
      select r.i, r.pk, r.is_rereferral, r.m, ${tOf} as t, r.practice_code, pr.pcn_code, pr.icb_code, pr.area, pr.minority_share,
        pr.e_decline, pr.e_follow_up, pr.e_change,
        mo.month_start, mo.month_end, h(r.pk, 'lsoa') % pr.area_total::UBIGINT as lsoa_target,
        u(i, 'route') as u_route, u(pk, 'age') as u_age, u(pk, 'sex') as u_sex,
        mo.days, mo.dow0, floor(u(i, 'day') * mo.days)::INTEGER as day_offset
      from placed r join practice_effects pr using (practice_code) join months mo using (m)),
    r1 as (
      select * exclude (u_route, u_age, u_sex),
        ${route} as referral_route, ${age} as age_band, ${sex} as sex, (dow0 + day_offset) % 7 as dow
      from r0),
    referrals_1 as (
    select * exclude (month_start, month_end, days, dow0, day_offset, dow),
      -- Referrals are made on weekdays: a weekend day moves to the Friday before or the Monday after, within the month.
      (month_start + case when dow = 6 then case when day_offset >= 1 then day_offset - 1 else day_offset + 2 end
           when dow = 0 then case when day_offset + 1 < days then day_offset + 1 else day_offset - 2 end
           else day_offset end)::DATE as referral_date
    from r1),
    r2 as (
      -- Some systems record the LSOA 2021 code: for an LSOA 2011 that was split, merged or changed,
      -- one of its 2021 successors (the decile stays the 2011 one, as the warehouse derives it).
      select r.*, ln(p0 / (1 - p0)) as logit_decline,
        case when u(r.pk, 'lsoa21') < ${LSOA21_SHARE} then coalesce(c.lsoa21, l.lsoa_code) else l.lsoa_code end as lsoa_code, l.decile
      from (select *, 0.22 - 0.11 * t - case when referral_route = 'self' then 0.06 else 0 end as p0 from referrals_1) r
        join lsoa_slot l on l.area = r.area and l.slot = r.lsoa_target::BIGINT
        left join lsoa_children c on c.lsoa11 = l.lsoa_code and c.k = h(r.pk, 'lsoa21_child') % c.n),
    r3 as (
      select * exclude (area, lsoa_target),
        -- England's decline rate falls over the period; an area's odds of a decline carry its effect.
        u(i, 'declined') < 1 / (1 + exp(-(e_decline + logit_decline))) as declined,
        age_band in ('65-74', '75-84', '85+') as older,
        u(pk, 'eth') as u_eth, u(pk, 'eth2') as u_eth2, u(i, 'outcome') as u_outcome,
        u2(i, 1, 'reason') as u_reason1, u2(i, 2, 'reason') as u_reason2, u2(i, 3, 'reason') as u_reason3,
        u(i, 'nreasons') as u_nreasons
      from r2),
    r4 as (
      select * exclude (u_eth, u_eth2, u_reason1, u_reason2, u_reason3, u_nreasons, older),
        case when u_eth < 0.04 then 'not_stated'
             when u_eth < 0.04 + 0.96 * (minority_share + case when decile <= 3 then 0.05 else 0 end) then ${minority}
             else 'white' end as ethnic_group,
        -- Up to three reasons, the first the primary one.
        case when older then ${reasonPick('u_reason1', REASON_WEIGHTS_OLDER)} else ${reasonPick('u_reason1', REASON_WEIGHTS_YOUNGER)} end as reason_1,
        case when u_nreasons >= 0.40 then case when older then ${reasonPick('u_reason2', REASON_WEIGHTS_OLDER)} else ${reasonPick('u_reason2', REASON_WEIGHTS_YOUNGER)} end end as reason_2_draw,
        case when u_nreasons >= 0.75 then case when older then ${reasonPick('u_reason3', REASON_WEIGHTS_OLDER)} else ${reasonPick('u_reason3', REASON_WEIGHTS_YOUNGER)} end end as reason_3_draw,
        not declined and u(i, 'engaged') < 0.90 as engaged,
        -- Waits to first contact are right-skewed: median about 12 days.
        least(120, round(exp(ln(12) + 0.6 * z(i, 'wait'))))::INTEGER as wait_days,
        least(60, greatest(1, round(exp(ln(8) + 0.45 * z(i, 'contacts')))))::INTEGER as contacts_planned,
        greatest(7, round(exp(ln(55) + 0.5 * z(i, 'duration'))))::INTEGER as duration_days
      from r3),
    r5 as (
      select * exclude (reason_2_draw, reason_3_draw),
        -- A repeated draw is dropped.
        case when reason_2_draw <> reason_1 then reason_2_draw end as reason_2,
        case when reason_3_draw <> reason_1 and reason_3_draw is distinct from reason_2_draw then reason_3_draw end as reason_3,
        case when engaged then referral_date + wait_days end::DATE as contact_date,
        case when declined then referral_date + (h(i, 'decl') % 8)::INTEGER
             when engaged then referral_date + wait_days + duration_days
             else referral_date + 30 + (h(i, 'lost') % 60)::INTEGER end::DATE as end_planned,
        case when declined then 'declined' when engaged then ${outcome} else ${notEngagedOutcome} end as outcome_planned
      from r4)
    select i, pk, is_rereferral, m, t, practice_code, pcn_code, icb_code, e_follow_up, e_change,
      'R' || lpad((i + 1)::VARCHAR, 8, '0') as referral_id,
      'P' || lpad(to_hex(h(pk, 'person') >> 16), 12, '0') as person_pseudonym,
      referral_date, referral_route, concat_ws(';', reason_1, reason_2, reason_3) as referral_reasons,
      reason_1, reason_2, reason_3, declined,
      case when contact_date <= ${END} then contact_date end as first_contact_date,
      case when contact_date <= ${END} - 21 then u(i, 'careplan') < 0.86 end as care_plan_agreed,
      case when end_planned <= ${END} then end_planned end as episode_end_date,
      case when end_planned <= ${END} then outcome_planned end as episode_outcome,
      case when not engaged or contact_date > ${END} then 0
           when end_planned <= ${END} then contacts_planned
           else greatest(1, round(contacts_planned * (${END} - contact_date) / duration_days))::INTEGER
      end as contact_count,
      age_band, sex, ethnic_group,
      case when u(pk, 'nolsoa') < 0.03 then null else lsoa_code end as lsoa_code, decile
    from r5;
  `;
}

// Which activities each stated reason tends to lead to (relative weights). Finance and housing
// needs are mostly met with advice, loneliness with befriending and groups.
const CATEGORY_WEIGHTS: Record<string, Record<string, number>> = {
  mental_wellbeing: {
    mental_health_support: 30,
    arts_and_crafts: 20,
    nature_and_conservation: 15,
    sport_and_physical_activity: 15,
    learning_and_skills: 10,
    befriending: 10,
  },
  loneliness_isolation: {
    befriending: 40,
    arts_and_crafts: 30,
    volunteering: 10,
    nature_and_conservation: 10,
    sport_and_physical_activity: 10,
  },
  long_term_condition: {
    sport_and_physical_activity: 40,
    mental_health_support: 15,
    nature_and_conservation: 15,
    arts_and_crafts: 10,
    other: 20,
  },
  finance_debt: { advice_debt_benefits_housing: 70, learning_and_skills: 10, befriending: 5, other: 15 },
  housing: { advice_debt_benefits_housing: 75, befriending: 5, other: 20 },
  physical_activity: { sport_and_physical_activity: 70, nature_and_conservation: 25, other: 5 },
  employment: { learning_and_skills: 50, volunteering: 30, advice_debt_benefits_housing: 20 },
  carer: {
    befriending: 30,
    mental_health_support: 30,
    advice_debt_benefits_housing: 20,
    arts_and_crafts: 20,
  },
  bereavement: { mental_health_support: 50, befriending: 30, arts_and_crafts: 20 },
  other: {
    other: 40,
    arts_and_crafts: 15,
    volunteering: 15,
    learning_and_skills: 15,
    nature_and_conservation: 15,
  },
};

const TAKE_UP: Record<string, number> = {
  befriending: 0.78,
  advice_debt_benefits_housing: 0.76,
  mental_health_support: 0.72,
  arts_and_crafts: 0.7,
  nature_and_conservation: 0.68,
  learning_and_skills: 0.64,
  volunteering: 0.62,
  sport_and_physical_activity: 0.6,
  other: 0.66,
};

/** The community activities and services people are linked into: 1-3 for about half of those engaged. */
export function supportSql(p: ModelParams): string {
  const END = `DATE '${p.end}'`;
  const rows = Object.entries(CATEGORY_WEIGHTS).flatMap(([reason, cats]) =>
    Object.entries(cats).map(([cat, w]) => `(${sqlString(reason)}, ${sqlString(cat)}, ${w})`),
  );
  const takeUp = Object.entries(TAKE_UP)
    .map(([cat, p]) => `when ${sqlString(cat)} then ${p}`)
    .join(' ');
  return `
    create or replace temp table category_weights as
    with w(reason, category, w) as (values ${rows.join(', ')})
    select reason, category, w,
      coalesce(sum(w) over (partition by reason order by category rows between unbounded preceding and 1 preceding), 0)::BIGINT as cum_start,
      (sum(w) over (partition by reason))::BIGINT as reason_total
    from w;

    create or replace temp table support_truth as
    with s0 as (
      select r.i, r.referral_id, k, r.first_contact_date, r.episode_outcome,
        case k when 0 then r.reason_1 when 1 then coalesce(r.reason_2, r.reason_1) else coalesce(r.reason_3, r.reason_2, r.reason_1) end as reason,
        (r.first_contact_date + (3 + 12 * k + h2(r.i, k, 'offered') % 35)::INTEGER)::DATE as offered_date
      from referrals_truth r, range(3) t(k)
      where r.first_contact_date is not null and u(r.i, 'support') < 0.52
        and k < case when u(r.i, 'nsupport') < 0.55 then 1 when u(r.i, 'nsupport') < 0.85 then 2 else 3 end),
    s1 as (
      select s0.*, cw.reason_total, h2(s0.i, s0.k, 'category') % cw.reason_total::UBIGINT as category_target
      from s0 join (select distinct reason, reason_total from category_weights) cw using (reason)
      where offered_date <= ${END}),
    -- One row per unit of weight: an equality join instead of an ASOF join (see lsoa_slot).
    slots as (
      select reason, (cum_start + k)::BIGINT as slot, category
      from category_weights, range(100) t(k) where k < w)
    select s1.i, s1.k, 'S' || lpad((s1.i + 1)::VARCHAR, 8, '0') || '-' || (s1.k + 1) as support_id, s1.referral_id, c.category as activity_category,
      case when u2(s1.i, s1.k, 'provider') < case when c.category = 'advice_debt_benefits_housing' then 0.62 else 0.8 end then 'voluntary_community'
           when u2(s1.i, s1.k, 'provider') < 0.94 then 'statutory' else 'other' end as provider_type,
      s1.offered_date,
      case when s1.offered_date > ${END} - 14 then null
           else u2(s1.i, s1.k, 'taken_up') < case c.category ${takeUp} else 0.66 end
             - case when s1.episode_outcome = 'disengaged' then 0.2 else 0 end end as taken_up
    from s1 join slots c on c.reason = s1.reason and c.slot = s1.category_target::BIGINT;
  `;
}

/** How each instrument's items respond to the latent wellbeing score: centre, slope, noise, range. */
interface ItemModel {
  centre: number;
  /** Per item: +1 when a higher code means better wellbeing, -1 when worse. */
  direction: number[];
  slope: number;
  noise: number;
  min: number;
  max: number;
  decimals: number;
}
const likert = (n: number, centre: number): ItemModel => ({
  centre,
  direction: Array(n).fill(1),
  slope: 0.68,
  noise: 0.5,
  min: 1,
  max: 5,
  decimals: 0,
});
export const ITEM_MODELS: Record<string, ItemModel> = {
  SWEMWBS: likert(7, 3.02),
  WEMWBS: likert(14, 3.0),
  ONS4: { centre: 5.2, direction: [1, 1, 1, -1], slope: 1.7, noise: 1.2, min: 0, max: 10, decimals: 0 },
  UCLA3: { centre: 1.88, direction: [-1, -1, -1], slope: 0.5, noise: 0.45, min: 1, max: 3, decimals: 0 },
  ONS_LONELINESS: { centre: 2.7, direction: [1], slope: 0.9, noise: 0.5, min: 1, max: 5, decimals: 0 },
  DJG6: {
    centre: 2.0,
    direction: [1, 1, 1, -1, -1, -1],
    slope: 0.5,
    noise: 0.45,
    min: 1,
    max: 3,
    decimals: 0,
  },
  MYCAW: { centre: 3.8, direction: [-1, -1, -1], slope: 1.0, noise: 0.8, min: 0, max: 6, decimals: 0 },
  PAM: { centre: 54, direction: [1], slope: 10, noise: 4, min: 0, max: 100, decimals: 1 },
};

/**
 * The mix of instruments (relative weights, and the weight added for a person referred for
 * loneliness): ONS4 the most used in practice, then SWEMWBS, then UCLA-3 (issue 14; an assumption
 * in its detail: docs/synthetic-data.md).
 */
export const INSTRUMENT_WEIGHTS: [string, number, number][] = [
  ['ONS4', 36, 0],
  ['SWEMWBS', 25, -6],
  ['UCLA3', 11, 10],
  ['WEMWBS', 6, 0],
  ['ONS_LONELINESS', 7, 3],
  ['DJG6', 4, 1],
  ['MYCAW', 6, 0],
  ['PAM', 5, 0],
];

/**
 * A person's change in latent wellbeing (in SDs of the latent score) between baseline and follow-up:
 * larger for people in the two most deprived deciles and those referred for loneliness, larger for
 * completed episodes and smaller for disengaged ones, scaled by the area's effect (log-normal), plus
 * a person-level spread wide enough that about a fifth get worse (docs/synthetic-data.md).
 */
export const CHANGE = {
  base: 0.54,
  deprived: 0.15,
  lonely: 0.12,
  completed: 0.12,
  disengaged: -0.3,
  sd: 1.0,
};
export function thetaChangeSql(
  decile: string,
  lonely: string,
  outcome: string,
  effect: string,
  z: string,
): string {
  return `(${CHANGE.base} + case when ${decile} <= 2 then ${CHANGE.deprived} else 0 end + case when ${lonely} then ${CHANGE.lonely} else 0 end
          + case ${outcome} when 'completed' then ${CHANGE.completed} when 'disengaged' then ${CHANGE.disengaged} else 0 end) * exp(${effect})
          + ${CHANGE.sd} * ${z}`;
}

/** A person's latent wellbeing at baseline: lower in the two most deprived deciles and for loneliness. */
export function thetaBaselineSql(decile: string, lonely: string, z: string): string {
  return `${z} - case when ${decile} <= 2 then 0.15 else 0 end - case when ${lonely} then 0.2 else 0 end`;
}

/** Item j (0-based) of an assessment from its latent score: the instrument's item model (row alias `a`) plus noise keyed by `key`. */
export function itemSql(j: number, a: string, key: string, tag: string): string {
  return `case when ${a}.n_items > ${j} then least(${a}.max_code, greatest(${a}.min_code,
      round(${a}.centre + ${a}.slope * ${a}.direction[${j + 1}] * ${a}.theta + ${a}.noise * zq2(${key}, ${j}, '${tag}'), ${a}.decimals))) end`;
}

/**
 * Wellbeing assessments: a baseline for about 70% of people engaged, a follow-up 8-16 weeks later
 * for some. Responses come from a latent wellbeing score that improves more for people in the most
 * deprived areas and for those referred for loneliness, and less for those who disengaged.
 */
export function scoresSql(p: ModelParams): string {
  const END = `DATE '${p.end}'`;
  const instrument = pickSql('u_instrument', [
    ...INSTRUMENT_WEIGHTS.map(([id, w, lonely]): [string, string] => [
      id,
      `${w} + case when lonely then ${lonely} else 0 end`,
    ]),
  ]);
  const models = Object.entries(ITEM_MODELS).map(
    ([id, m]) =>
      `(${sqlString(id)}, ${m.direction.length}, ${m.centre}, [${m.direction.join(', ')}], ${m.slope}, ${m.noise}, ${m.min}, ${m.max}, ${m.decimals})`,
  );
  const item = (j: number) => itemSql(j, 'a', 'a.assessment_no', 'item');
  return `
    create or replace temp table item_models as
    select * from (values ${models.join(', ')}) m(instrument, n_items, centre, direction, slope, noise, min_code, max_code, decimals);

    create or replace temp table scores_truth as
    with people as (
      select r.i, r.referral_id, r.first_contact_date, r.episode_outcome, r.decile,
        'loneliness_isolation' in (r.reason_1, r.reason_2, r.reason_3) as lonely,
        u(r.i, 'instrument') as u_instrument,
        (r.first_contact_date + (h(r.i, 'baseline_day') % 15)::INTEGER)::DATE as baseline_date,
        (56 + h(r.i, 'followup_day') % 57)::INTEGER as followup_gap,
        -- England's chance of a follow-up by how the episode went; an area's odds carry its effect.
        u(r.i, 'followup') < 1 / (1 + exp(-(r.e_follow_up + ln(p0 / (1 - p0))))) as wants_followup,
        r.e_change, z(r.i, 'theta') as z0, z(r.i, 'theta_change') as z1
      from (select *, case when episode_outcome = 'completed' then 0.5 when episode_outcome is null then 0.35 else 0.18 end as p0
            from referrals_truth) r
      where r.first_contact_date is not null and u(r.i, 'baseline') < 0.72),
    p1 as (
      select *, ${instrument} as instrument,
        ${thetaBaselineSql('decile', 'lonely', 'z0')} as theta_baseline,
        ${thetaChangeSql('decile', 'lonely', 'episode_outcome', 'e_change', 'z1')} as theta_change
      from people),
    stages as (
      select p1.*, s.stage,
        case when s.stage = 0 then baseline_date else (baseline_date + followup_gap)::DATE end as assessment_date,
        theta_baseline + case when s.stage = 1 then theta_change else 0 end as theta,
        2 * p1.i + s.stage as assessment_no
      from p1, range(2) s(stage)
      where s.stage = 0 or wants_followup),
    a as (
      select stages.*, m.* exclude (instrument) from stages join item_models m using (instrument)
      where assessment_date <= ${END})
    select a.i, a.stage, 'A' || lpad((a.assessment_no + 1)::VARCHAR, 9, '0') as assessment_id, a.referral_id,
      a.instrument, case when a.stage = 0 then 'baseline' else 'follow_up' end as assessment_stage,
      a.assessment_date,
      ${Array.from({ length: 14 }, (_, j) =>
        j === 1
          ? `case when a.instrument = 'MYCAW' and u(a.i, 'second_concern') < 0.3 then null else ${item(j)} end as item_02`
          : `${item(j)} as item_${String(j + 1).padStart(2, '0')}`,
      ).join(',\n      ')}
    from a;
  `;
}

/** Local workforce returns: the share of PCNs that return patchily, and the share of months each kind misses. */
export const WORKFORCE_RETURNS = { patchyShare: 0.15, patchyMissing: 0.35, usualMissing: 0.03 };

/** Link workers and related roles per PCN per month: about 2.2 link-worker FTE per PCN in 2024, growing. */
export function workforceSql(): string {
  return `
    create or replace temp table workforce_truth as
    with pcns as (
      -- U00000 stands for "no PCN" in the practice mapping file: it employs nobody.
      select pcn_code, sum(list_size) as list_size from practices where pcn_code <> 'U00000' group by pcn_code),
    scaled as (
      select pcn_code, list_size / avg(list_size) over () as size_factor from pcns),
    roles(staff_role, per_pcn, coverage, fte_per_head) as (values
      ('social_prescribing_link_worker', 2.2, 0.985, 0.84),
      ('health_and_wellbeing_coach', 1.1, 0.6, 0.82),
      ('care_coordinator', 2.4, 0.85, 0.9),
      ('other', 0.8, 0.35, 0.7)),
    grid as (
      select s.pcn_code, r.staff_role, r.fte_per_head, m.m, m.month_start,
        u(hash(s.pcn_code, r.staff_role), 'has_role') < r.coverage as has_role,
        -- Level per PCN (bigger PCNs employ more) growing about 10% a year from mid-2024, with a step every quarter.
        r.per_pcn * pow(s.size_factor, 0.6) * exp(0.3 * z(hash(s.pcn_code, r.staff_role), 'level'))
          * (1 + 0.10 * (datediff('month', DATE '2024-07-01', m.month_start) / 12))
          * (1 + 0.05 * z2(hash(s.pcn_code, r.staff_role), (m.m // 3), 'quarter')) as fte_target
      from scaled s, roles r, months m)
    select pcn_code, strftime(month_start, '%Y-%m') as month, month_start, m, staff_role,
      case when has_role then greatest(1, round(fte_target / fte_per_head))::INTEGER else 0 end as headcount,
      case when has_role then round(greatest(1, round(fte_target / fte_per_head)) * least(1.0, fte_per_head + 0.1 * z2(hash(pcn_code, staff_role), m // 3, 'fte_ratio')), 2) else 0 end as fte
    from grid
    -- A PCN reports its link workers (a few have none), other roles only where it has them; and
    -- local returns are partial: most PCNs miss the odd month, a few miss many (an assumption:
    -- docs/synthetic-data.md).
    where (has_role or staff_role = 'social_prescribing_link_worker')
      and u(hash(pcn_code, m), 'return') >= case when u(pcn_code, 'patchy_returns') < ${WORKFORCE_RETURNS.patchyShare}
        then ${WORKFORCE_RETURNS.patchyMissing} else ${WORKFORCE_RETURNS.usualMissing} end;
  `;
}
