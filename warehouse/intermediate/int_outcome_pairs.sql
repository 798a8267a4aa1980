-- One row per referral × instrument × measure with a scored assessment: the first baseline and
-- the follow-up paired with it (the one nearest the window's target, within the window:
-- int_follow_up_scores). A follow-up with no baseline before it stays unpaired (is_paired false,
-- has_follow_up_without_baseline true) and is counted for data quality only.
-- is_window_closed: the data date is past the baseline's follow-up window, so whether this
-- referral was followed up is settled. The outcome figures and their completeness both describe
-- the baselines whose window has closed (one cohort).
with referrals as (
    select * from intermediate.int_referrals
),

window_setting as (
    select * from intermediate.int_follow_up_window
),

data_date as (
    select * from intermediate.int_data_date
),

per_measure as (
    -- every referral × instrument × measure with a baseline, a follow-up or both, paired in steps
    -- of their own (int_baseline_scores, int_follow_up_scores, int_pair_candidates): the pairing
    -- and this join in one query held two hash tables at once and did not fit the load's memory
    -- limit (10 M referrals under 1.5 GB; 5 M under 1 GB; 1 M under 150 MB)
    select * from intermediate.int_pair_candidates
),

joined as (
    select
        m.referral_id,
        m.instrument,
        m.measure,
        m.higher_is_better,
        r.pcn_code,
        r.referral_month,
        r.referral_route,
        r.age_band,
        r.sex,
        r.ethnic_group,
        r.imd_decile,
        m.first_baseline.assessment_id as baseline_assessment_id,
        m.baseline_date,
        date_trunc('month', m.baseline_date)::DATE as baseline_month,
        coalesce(m.baseline_date + w.latest_days <= d.data_date, false) as is_window_closed,
        m.first_baseline.score as score_before,
        m.first_baseline.band as band_before,
        m.first_baseline.is_lonely as is_lonely_before,
        m.paired_follow_up.assessment_id as follow_up_assessment_id,
        m.follow_up_date,
        date_trunc('month', m.follow_up_date)::DATE as follow_up_month,
        m.paired_follow_up.score as score_after,
        m.paired_follow_up.band as band_after,
        m.paired_follow_up.is_lonely as is_lonely_after,
        m.first_baseline.assessment_id is not null as has_baseline,
        m.paired_follow_up.assessment_id is not null as is_paired,
        m.has_unpaired_follow_up and m.paired_follow_up.assessment_id is null as has_follow_up_without_baseline,
        m.has_follow_up_outside_window,
        m.first_unpaired_follow_up_date
    from per_measure as m
    inner join referrals as r on r.referral_id = m.referral_id
    cross join window_setting as w
    cross join data_date as d
)

select * from joined
