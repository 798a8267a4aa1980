-- Per extract × field × PCN × referral month: rows, and rows with a value. Optional fields only
-- (required ones are enforced by the loader). Wellbeing forms count complete forms under
-- "complete_form". By the referral's month (offers and forms too) so that a delivery rebuilds the
-- months of the referrals it touched, not all of history; readers add the months up.
with referrals as (
    select
        i.pcn_code,
        i.referral_month as month,
        count(*) as rows,
        count(r.lsoa_code) as lsoa_code,
        count(r.first_contact_date) as first_contact_date,
        count(r.has_care_plan) as care_plan_agreed,
        count(r.episode_end_date) as episode_end_date,
        count(r.episode_outcome) as episode_outcome,
        count(r.contact_count) as contact_count,
        count(i.imd_decile) as imd_decile
    from staging.stg_referrals as r
    inner join intermediate.int_referrals as i on i.referral_id = r.referral_id
    group by all
),

referral_fields as (
    unpivot referrals
    on lsoa_code, first_contact_date, care_plan_agreed, episode_end_date, episode_outcome, contact_count, imd_decile
    into name field value non_null
),

support as (
    select r.pcn_code, r.referral_month as month, count(*) as rows, count(s.is_taken_up) as non_null
    from staging.stg_support_offered as s
    inner join intermediate.int_referrals as r on r.referral_id = s.referral_id
    group by all
),

forms as (
    -- each form once (a row per measure in the extract); joined before the distinct, so that the
    -- build by month reads only the forms of that month's referrals
    select pcn_code, month, count(*) as rows, count(*) filter (where is_complete) as non_null
    from (
        select distinct f.assessment_id, f.referral_id, f.is_complete, r.pcn_code, r.referral_month as month
        from staging.stg_wellbeing_scores as f
        inner join intermediate.int_referrals as r on r.referral_id = f.referral_id
    )
    group by all
),

unioned as (
    select 'referrals' as extract_id, field, pcn_code, month, rows, non_null from referral_fields
    union all
    select 'support_offered', 'taken_up', pcn_code, month, rows, non_null from support
    union all
    select 'wellbeing_scores', 'complete_form', pcn_code, month, rows, non_null from forms
),

final as (
    select extract_id, field, pcn_code, month, rows::INTEGER as rows, non_null::INTEGER as non_null
    from unioned
)

select * from final
