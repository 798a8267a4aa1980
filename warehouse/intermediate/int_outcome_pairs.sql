-- One row per referral × instrument × measure with a scored assessment: the first baseline and
-- the last follow-up after it. A follow-up with no baseline before it stays unpaired
-- (is_paired false, has_follow_up_without_baseline true) and is counted for data quality only.
with referrals as (
    select * from intermediate.int_referrals
),

baselines as (
    select * from intermediate.int_baseline_scores
),

follow_ups as (
    -- built in steps (int_baseline_scores, int_follow_up_scores): all of the pairing in one query
    -- did not fit the load's memory limit at 10 M referrals
    select * from intermediate.int_follow_up_scores
),

per_measure as (
    -- every referral × instrument × measure with a baseline, a follow-up or both
    select
        referral_id,
        instrument,
        measure,
        coalesce(b.higher_is_better, f.higher_is_better) as higher_is_better,
        b.first_baseline,
        b.baseline_date,
        f.last_follow_up,
        f.follow_up_date,
        coalesce(f.has_unpaired_follow_up, false) as has_unpaired_follow_up,
        f.first_unpaired_follow_up_date
    from baselines as b
    full outer join follow_ups as f using (referral_id, instrument, measure)
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
        m.first_baseline.score as score_before,
        m.first_baseline.band as band_before,
        m.first_baseline.is_lonely as is_lonely_before,
        m.last_follow_up.assessment_id as follow_up_assessment_id,
        m.follow_up_date,
        date_trunc('month', m.follow_up_date)::DATE as follow_up_month,
        m.last_follow_up.score as score_after,
        m.last_follow_up.band as band_after,
        m.last_follow_up.is_lonely as is_lonely_after,
        m.first_baseline.assessment_id is not null as has_baseline,
        m.last_follow_up.assessment_id is not null as is_paired,
        m.has_unpaired_follow_up and m.last_follow_up.assessment_id is null as has_follow_up_without_baseline,
        m.first_unpaired_follow_up_date
    from per_measure as m
    inner join referrals as r on r.referral_id = m.referral_id
)

select * from joined
