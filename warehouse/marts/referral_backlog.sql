-- The backlog: accepted referrals waiting for first contact at each month end, per month × PCN ×
-- wait band (days from referral to the month end, the wait so far). Waiting at a month end E:
-- referred on or before E, first contact after E or not yet, episode not ended by E. Month ends
-- from the month of the first referral to the last month end on or before the data date
-- (int_data_date), so no month end is judged on data that does not reach it. Referrals contacted
-- on a date not recorded (a plan, activity or follow-up, no first contact date) cannot be placed
-- at a month end and are left out, as in marts.referral_waits.
with referrals as (
    select * from intermediate.int_referrals
    where is_accepted
        and not (
            first_contact_date is null
            and (care_plan_agreed is true or is_linked_to_activity or has_taken_up_activity or has_follow_up)
        )
),

data_date as (
    select * from intermediate.int_data_date
),

month_ends as (
    select
        m.month::DATE as month,
        (m.month + interval 1 month - interval 1 day)::DATE as month_end
    from (
        select unnest(generate_series(
            (select min(referral_month) from referrals)::TIMESTAMP,
            (select date_trunc('month', data_date) from data_date)::TIMESTAMP,
            interval 1 month
        )) as month
    ) as m
    where (m.month + interval 1 month - interval 1 day)::DATE <= (select data_date from data_date)
),

waiting as (
    select
        e.month,
        r.pcn_code,
        e.month_end - r.referral_date as days
    from month_ends as e
    inner join referrals as r
        on r.referral_date <= e.month_end
        and (r.first_contact_date is null or r.first_contact_date > e.month_end)
        and (r.episode_end_date is null or r.episode_end_date > e.month_end)
),

banded as (
    select
        w.month,
        w.pcn_code,
        b.wait_band,
        b.wait_band_order
    from waiting as w
    inner join staging.stg_wait_bands as b
        on (b.min_days is null or w.days >= b.min_days)
        and (b.max_days is null or w.days <= b.max_days)
)

select
    month,
    pcn_code,
    wait_band,
    wait_band_order::INTEGER as wait_band_order,
    count(*)::INTEGER as referrals
from banded
group by all
