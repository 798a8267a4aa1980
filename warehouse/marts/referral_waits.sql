-- Waits from referral to first contact for accepted referrals, per referral month × PCN × status
-- × wait band, including the people still waiting:
--   contacted: a first contact date; the band is days from referral to it;
--   still_waiting: no contact recorded or implied (no first contact date, plan, support offered,
--     follow-up) and the episode not ended, at the data date (int_data_date); the band is days
--     from referral to the data date, a wait so far (the final wait is at least that).
-- Referrals whose episode ended without a contact, and those contacted on a date not recorded,
-- have no wait and are left out. is_older_than_28_days: referred more than 28 days before the
-- data date, so its wait over 28 days is known (contacted by day 28, or not): the cohort of the
-- "share waiting more than 4 weeks" (referral_waits.ts WAIT_THRESHOLD_DAYS).
with referrals as (
    select * from intermediate.int_referrals
    where is_accepted
),

data_date as (
    select * from intermediate.int_data_date
),

waits as (
    select
        r.referral_month,
        r.pcn_code,
        case when r.is_contacted then 'contacted' else 'still_waiting' end as status,
        case when r.is_contacted then r.days_to_first_contact else d.data_date - r.referral_date end as days,
        d.data_date - r.referral_date > 28 as is_older_than_28_days
    from referrals as r
    cross join data_date as d
    where r.is_contacted
        or not (
            r.care_plan_agreed is true or r.is_linked_to_activity or r.has_taken_up_activity or r.has_follow_up
            or r.episode_end_date is not null
        )
),

banded as (
    select
        w.*,
        b.wait_band,
        b.wait_band_order
    from waits as w
    inner join staging.stg_wait_bands as b
        on (b.min_days is null or w.days >= b.min_days)
        and (b.max_days is null or w.days <= b.max_days)
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        status,
        wait_band,
        wait_band_order::INTEGER as wait_band_order,
        is_older_than_28_days,
        count(*)::INTEGER as referrals
    from banded
    group by all
)

select * from aggregated
