/**
 * The snapshot's tables as the dashboard reads them (`marts.<name>`), matching the marts' zod row
 * schemas in warehouse/marts/*.ts. DATEs arrive as ISO strings, counts and FTE as numbers.
 */
type Month = string;

export interface Marts {
  'marts._snapshot': { published_at: string; snapshot_name: string; data_as_of: string | null };
  'marts.areas': {
    pcn_code: string;
    pcn_name: string | null;
    sub_icb_code: string | null;
    sub_icb_name: string | null;
    icb_code: string | null;
    icb_name: string | null;
    region_code: string | null;
    region_name: string | null;
    practices: number;
    registered_patients: number | null;
    registered_patients_year: string | null;
    is_current: boolean;
  };
  'marts.registered_patients_monthly': {
    month: Month;
    area_type: 'england' | 'region' | 'icb' | 'sub_icb' | 'pcn';
    area_code: string;
    registered_patients: number;
    source: 'gpad_coverage' | 'list_sizes';
    fiscal_year: string | null;
    is_carried_forward: boolean;
  };
  'marts.capacity_monthly': {
    month: Month;
    pcn_code: string;
    workforce_source: string | null;
    link_worker_headcount: number;
    link_worker_fte: number;
    registered_patients: number | null;
    accepted_referrals_12_months: number;
    referral_months: number;
    fte_per_50k_patients: number | null;
    referrals_per_fte: number | null;
  };
  'marts.workforce_areas_monthly': {
    month: Month;
    area_level: 'E' | 'REGION' | 'ICB' | 'SICBL' | 'PCN';
    area_code: string;
    staff_role: string;
    source: string;
    headcount: number;
    fte: number;
    pcns_reporting: number;
    pcns_with_staff: number;
    is_latest_source: boolean;
  };
  'marts.workforce_monthly': {
    month: Month;
    pcn_code: string;
    icb_code: string | null;
    region_code: string | null;
    staff_role: string;
    source: string;
    headcount: number;
    fte: number;
  };
  'marts.referrals_monthly': {
    month: Month;
    pcn_code: string;
    sub_icb_code: string;
    icb_code: string;
    region_code: string;
    referral_route: string;
    snomed_status: string;
    age_band: string;
    sex: string;
    ethnic_group: string;
    imd_decile: number | null;
    referrals: number;
  };
  'marts.referral_reasons_monthly': {
    month: Month;
    pcn_code: string;
    referral_reason: string;
    referrals: number;
  };
  'marts.referral_funnel': {
    month: Month;
    pcn_code: string;
    referred: number;
    accepted: number;
    contacted: number;
    plan_agreed: number;
    linked_to_activity: number;
    took_up_activity: number;
    follow_up_recorded: number;
  };
  'marts.referral_waits': {
    month: Month;
    pcn_code: string;
    status: 'contacted' | 'still_waiting';
    wait_band: string;
    wait_band_order: number;
    is_older_than_28_days: boolean;
    referrals: number;
  };
  'marts.people_referred': {
    period_type: 'month' | 'financial_year';
    period_start: Month;
    area_level: string;
    area_code: string;
    people: number;
    referrals: number;
  };
  'marts.support_vs_needs': {
    month: Month;
    pcn_code: string;
    need: string;
    referrals: number;
    linked_to_matching_activity: number;
    took_up_matching_activity: number;
  };
  'marts.support_offered_monthly': {
    month: Month;
    pcn_code: string;
    activity_category: string;
    provider_type: string;
    offered: number;
    taken_up: number;
  };
  'marts.outcome_pairs': {
    month: Month;
    pcn_code: string;
    instrument: string;
    measure: string;
    higher_is_better: boolean;
    age_band: string;
    sex: string;
    ethnic_group: string;
    imd_decile: number | null;
    referral_route: string;
    score_before: number;
    score_after: number;
    people: number;
  };
  'marts.outcome_completeness': {
    month: Month;
    pcn_code: string;
    instrument: string;
    with_baseline: number;
    follow_up_due: number;
    paired: number;
  };
  'marts.loneliness': {
    month: Month;
    pcn_code: string;
    instrument: string;
    stage: string;
    age_band: string;
    sex: string;
    imd_decile: number | null;
    assessed: number;
    lonely: number;
    severely_lonely: number | null;
  };
  'marts.loneliness_paired': {
    month: Month;
    pcn_code: string;
    instrument: string;
    age_band: string;
    sex: string;
    imd_decile: number | null;
    people: number;
    lonely_before: number;
    lonely_after: number;
    no_longer_lonely: number;
    newly_lonely: number;
  };
  'marts.targets': {
    target_id: string;
    measure: string;
    area: string;
    area_type: string;
    area_code: string;
    value: number;
    comparison: string;
    due_date: string;
    is_trajectory: boolean;
    title: string;
    source: string;
    is_derived: boolean;
    trajectory_of: string | null;
  };
  'marts.dq_loads': {
    load_id: number;
    file_name: string;
    extract_id: string | null;
    delivery: string | null;
    period: string | null;
    status: string;
    rows_read: number;
    rows_loaded: number;
    rows_rejected: number;
    replaced_load_id: number | null;
    error: string | null;
    started_at: string;
    duration_ms: number | null;
  };
  'marts.dq_rejects': {
    load_id: number;
    file_name: string;
    extract_id: string | null;
    column_name: string;
    reason: string;
    rows: number;
    first_line: number | null;
  };
  'marts.dq_completeness': {
    extract_id: string;
    field: string;
    pcn_code: string;
    rows: number;
    non_null: number;
  };
  'marts.dq_duplicates': {
    month: Month;
    pcn_code: string;
    referrals: number;
    delivered_more_than_once: number;
    extra_deliveries: number;
  };
  'marts.dq_orphans': {
    extract_id: 'support_offered' | 'wellbeing_scores';
    month: Month;
    rows_without_referral: number;
  };
  'marts.dq_snomed': {
    month: Month;
    pcn_code: string;
    referrals: number;
    accepted_code: number;
    declined_code: number;
    other_code: number;
  };
}
