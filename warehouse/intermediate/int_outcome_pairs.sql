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
    select
        referral_id,
        instrument,
        measure,
        arg_min(assessment_id, (assessment_date, assessment_id)) as baseline_assessment_id,
        min(assessment_date) as baseline_date
    from scores
    where assessment_stage = 'baseline'
    group by all
),

baseline_scores as (
    select b.*, s.score as score_before, s.band as band_before, s.is_lonely as is_lonely_before
    from baselines as b
    inner join scores as s
        on s.assessment_id = b.baseline_assessment_id and s.measure = b.measure
),

follow_ups as (
    select
        f.referral_id,
        f.instrument,
        f.measure,
        arg_max(f.assessment_id, (f.assessment_date, f.assessment_id)) as follow_up_assessment_id,
        max(f.assessment_date) as follow_up_date
    from scores as f
    inner join baselines as b using (referral_id, instrument, measure)
    where f.assessment_stage = 'follow_up' and f.assessment_date > b.baseline_date
    group by all
),

follow_up_scores as (
    select f.*, s.score as score_after, s.band as band_after, s.is_lonely as is_lonely_after
    from follow_ups as f
    inner join scores as s
        on s.assessment_id = f.follow_up_assessment_id and s.measure = f.measure
),

measures as (
    select distinct referral_id, instrument, measure, higher_is_better from scores
),

unpaired_follow_ups as (
    -- follow-ups with no baseline on or before their date
    select
        s.referral_id,
        s.instrument,
        s.measure,
        min(s.assessment_date) as first_unpaired_follow_up_date
    from scores as s
    left join baselines as b using (referral_id, instrument, measure)
    where s.assessment_stage = 'follow_up' and (b.baseline_date is null or s.assessment_date <= b.baseline_date)
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
        b.baseline_assessment_id,
        b.baseline_date,
        b.score_before,
        b.band_before,
        b.is_lonely_before,
        f.follow_up_assessment_id,
        f.follow_up_date,
        date_trunc('month', f.follow_up_date)::DATE as follow_up_month,
        f.score_after,
        f.band_after,
        f.is_lonely_after,
        b.baseline_assessment_id is not null as has_baseline,
        f.follow_up_assessment_id is not null as is_paired,
        u.referral_id is not null and f.follow_up_assessment_id is null as has_follow_up_without_baseline,
        u.first_unpaired_follow_up_date
    from measures as m
    inner join referrals as r on r.referral_id = m.referral_id
    left join baseline_scores as b
        on b.referral_id = m.referral_id and b.instrument = m.instrument and b.measure = m.measure
    left join follow_up_scores as f
        on f.referral_id = m.referral_id and f.instrument = m.instrument and f.measure = m.measure
    left join unpaired_follow_ups as u
        on u.referral_id = m.referral_id and u.instrument = m.instrument and u.measure = m.measure
)

select * from joined
