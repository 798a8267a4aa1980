-- One row per referral × instrument × measure with a scored assessment: the first baseline and
-- the last follow-up after it. A follow-up with no baseline before it stays unpaired
-- (is_paired false, has_follow_up_without_baseline true) and is counted for data quality only.
with scores as (
    select * from staging.stg_wellbeing_scores
    -- an incomplete form has no score and cannot be half of a pair
    where score is not null
),

referrals as (
    select * from intermediate.int_referrals
),

baselines as (
    -- the first baseline's score comes out of the same aggregate (no join back to the scores)
    select
        referral_id,
        instrument,
        measure,
        arg_min(
            {'assessment_id': assessment_id, 'score': score, 'band': band, 'is_lonely': is_lonely},
            (assessment_date, assessment_id)
        ) as first_baseline,
        min(assessment_date) as baseline_date
    from scores
    where assessment_stage = 'baseline'
    group by all
),

per_measure as (
    -- one pass over the scores per referral × instrument × measure: the last follow-up after the
    -- baseline, and the first follow-up with no baseline on or before its date
    select
        s.referral_id,
        s.instrument,
        s.measure,
        s.higher_is_better,
        -- the baseline rides along, so `baselines` is read once and streams (not held in memory)
        any_value(b.first_baseline) as first_baseline,
        any_value(b.baseline_date) as baseline_date,
        arg_max(
            {'assessment_id': s.assessment_id, 'score': s.score, 'band': s.band, 'is_lonely': s.is_lonely},
            (s.assessment_date, s.assessment_id)
        ) filter (where s.assessment_stage = 'follow_up' and s.assessment_date > b.baseline_date) as last_follow_up,
        max(s.assessment_date) filter (
            where s.assessment_stage = 'follow_up' and s.assessment_date > b.baseline_date
        ) as follow_up_date,
        count(*) filter (
            where s.assessment_stage = 'follow_up' and (b.baseline_date is null or s.assessment_date <= b.baseline_date)
        ) > 0 as has_unpaired_follow_up,
        min(s.assessment_date) filter (
            where s.assessment_stage = 'follow_up' and (b.baseline_date is null or s.assessment_date <= b.baseline_date)
        ) as first_unpaired_follow_up_date
    from scores as s
    left join baselines as b using (referral_id, instrument, measure)
    group by all
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
