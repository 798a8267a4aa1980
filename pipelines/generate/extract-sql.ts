import { ITEM_COLUMNS } from '../../warehouse/contracts/wellbeing-scores.ts';

/**
 * The extract files as delivered: the truth tables rendered as text in the contracts' columns,
 * with the mess real deliveries carry when `messy` is on — codes in mixed case (the loader folds
 * case), referrals that arrive a month late, and a few rows per file made invalid on purpose
 * (`bad` = 1, 2, … names which fault; 0 = a good row).
 */
export interface MessParams {
  messy: boolean;
  months: number;
  /** Referrals a month, on average, and workforce rows in all: to aim at about six invalid rows a file. */
  perMonth: number;
  workforceRows: number;
  /** First day of the period, yyyy-mm-dd, and the month index of each day of the period from it. */
  start: string;
  monthOfDay: number[];
}

/** The month index of a date in the period (a list lookup: date functions are slow per row). */
const monthIndex = (p: MessParams, date: string) =>
  `[${p.monthOfDay.join(',')}][(${date} - DATE '${p.start}') + 1]`;

/**
 * The CTE `b`: the rows of `src` with `bad` = 1..kinds for a few rows (a share `fraction` of the
 * rows where `eligible` holds, about six a file), else 0. A pure per-row draw: no join, no window.
 */
const withBad = (
  tag: string,
  key: string,
  eligible: string,
  p: MessParams,
  kinds: number,
  fraction: number,
) =>
  p.messy
    ? `b as (select src.*, case when ${eligible} and u(${key}, '${tag}:bad') < ${fraction}
         then 1 + (h(${key}, '${tag}:kind') % ${kinds})::INTEGER else 0 end as bad from src)`
    : `b as (select src.*, 0 as bad from src)`;

/** A code as senders write it: mostly as is, some upper case, some capitalised. */
const mixedCase = (p: MessParams, value: string, key: string, tag: string) =>
  p.messy
    ? `case when u(${key}, '${tag}:case') < 0.015 then upper(${value})
         when u(${key}, '${tag}:case') < 0.03 then upper(${value}[1]) || ${value}[2:] else ${value} end`
    : value;

/** A date that cannot exist, in the same month: 30 February, 31 April, 32 May. */
const impossibleDate = (date: string) =>
  `strftime(${date}, '%Y-%m-') || case when month(${date}) = 2 then '30' when month(${date}) in (4, 6, 9, 11) then '31' else '32' end`;

export function referralsOutSql(p: MessParams): string {
  const late = p.messy ? `u(i, 'late') < 0.015 and m < ${p.months - 1}` : 'false';
  return `
    create or replace temp view referrals_out as
    with src as (select *, m + case when ${late} then 1 else 0 end as fm, ${late} as late from referrals_truth),
    ${withBad('referrals', 'i', 'not late', p, 4, 6 / p.perMonth)}
    select fm, m, i, bad, referral_date as period_date,
      -- Some episodes are closed in the system after the month's file went out: the correction fills them in.
      ${p.messy ? `bad = 0 and episode_end_date is not null and u(i, 'closed_late') < 0.2` : 'false'} as closed_late,
      referral_id, person_pseudonym,
      case when bad = 1 then 'Z99999' when ${p.messy} and u(i, 'practice_case') < 0.03 then lower(practice_code) else practice_code end as gp_practice_code,
      case when bad = 2 then ${impossibleDate('referral_date')} else referral_date::VARCHAR end as referral_date,
      ${mixedCase(p, 'referral_route', 'i', 'route')} as referral_route,
      referral_reasons,
      case when declined then '871711000000103' else '871731000000106' end as snomed_code,
      case when bad = 3 then (referral_date - 3)::VARCHAR else first_contact_date::VARCHAR end as first_contact_date,
      care_plan_agreed::VARCHAR as care_plan_agreed,
      case when bad = 4 then null else episode_end_date::VARCHAR end as episode_end_date,
      case when bad = 4 then 'completed' else ${mixedCase(p, 'episode_outcome', 'i', 'outcome')} end as episode_outcome,
      contact_count::VARCHAR as contact_count,
      age_band, ${mixedCase(p, 'sex', 'i', 'sex')} as sex, ${mixedCase(p, 'ethnic_group', 'i', 'ethnic')} as ethnic_group,
      lsoa_code
    from b;
  `;
}

export function supportOutSql(p: MessParams): string {
  return `
    create or replace temp view support_out as
    with src as (select *, 3 * i + k as key, ${monthIndex(p, 'offered_date')} as fm from support_truth),
    ${withBad('support', 'key', 'true', p, 2, 6 / (0.5 * p.perMonth))}
    select fm, key as i, bad, offered_date as period_date, support_id, referral_id,
      case when bad = 1 then 'gardening' else ${mixedCase(p, 'activity_category', 'key', 'category')} end as activity_category,
      case when bad = 2 then 'private_company' else ${mixedCase(p, 'provider_type', 'key', 'provider')} end as provider_type,
      offered_date, taken_up
    from b;
  `;
}

export function scoresOutSql(p: MessParams): string {
  const items = ITEM_COLUMNS.map((col, j) => {
    const value = `case when instrument = 'PAM' then ${col}::VARCHAR else ${col}::INTEGER::VARCHAR end`;
    if (j === 0) return `case when bad = 1 then '7' else ${value} end as ${col}`;
    if (j === 4) return `case when bad = 3 then '3' else ${value} end as ${col}`;
    return `${value} as ${col}`;
  });
  return `
    create or replace temp view scores_out as
    with src as (select *, 2 * i + stage as key, ${monthIndex(p, 'assessment_date')} as fm from scores_truth),
    ${withBad('scores', 'key', 'true', p, 3, 6 / (0.7 * p.perMonth))}
    select fm, key as i, bad, assessment_date as period_date, assessment_id, referral_id,
      -- Fault 1: a SWEMWBS item of 7 (items are 1-5); fault 3: a fifth item on a four-item ONS4.
      case when bad = 1 then 'SWEMWBS' when bad = 3 then 'ONS4'
        when ${p.messy} and u(key, 'instrument_case') < 0.03 then lower(instrument) else instrument end as instrument,
      ${mixedCase(p, 'assessment_stage', 'key', 'stage')} as assessment_stage,
      case when bad = 2 then ${impossibleDate('assessment_date')} else assessment_date::VARCHAR end as assessment_date,
      ${items.join(',\n      ')}
    from b;
  `;
}

export function workforceOutSql(p: MessParams): string {
  return `
    create or replace temp view workforce_out as
    with src as (select *, hash(pcn_code, staff_role, m) as key, 0 as fm from workforce_truth),
    ${withBad('workforce', 'key', 'headcount > 0', p, 2, 6 / p.workforceRows)}
    select fm, pcn_code || month || staff_role as i, bad, month_start as period_date,
      case when bad = 1 then 'U99999' when ${p.messy} and u(key, 'pcn_case') < 0.02 then lower(pcn_code) else pcn_code end as pcn_code,
      month, ${mixedCase(p, 'staff_role', 'key', 'role')} as staff_role,
      headcount::VARCHAR as headcount,
      -- Fault 2: more FTE than 1.5 x the headcount.
      case when bad = 2 then (headcount * 2 + 1)::VARCHAR else fte::VARCHAR end as fte
    from b;
  `;
}
