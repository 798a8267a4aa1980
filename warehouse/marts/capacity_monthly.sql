-- Link-worker capacity per PCN per month with workforce data: every PCN in the current mapping
-- has a row in every such month (0 when it had no link worker), PCNs that have since closed only
-- in months they reported. Where a PCN has a local return for the month it is used, else NHS
-- Digital's figure (workforce_source). Headcount is the PCN's distinct staff (stg_workforce).
-- referrals_per_fte is a yearly rate: accepted referrals (SNOMED 871731000000106, not declined) in
-- the 12 months to the month, over the months of those 12 the warehouse has referral data for
-- (referral_months: months with any referral anywhere), × 12, per link-worker FTE in the month.
-- With no referral data in the window it is null, never a count of 0.
with workforce as (
    select * from staging.stg_workforce
    where staff_role = 'social_prescribing_link_worker'
),

areas as (
    select * from marts.areas
),

months as (
    select distinct month from staging.stg_workforce
),

grid as (
    select m.month, a.pcn_code from months as m cross join areas as a where a.is_current
    union
    select distinct month, pcn_code from staging.stg_workforce
),

chosen as (
    select month, pcn_code, source, headcount, fte
    from workforce
    qualify row_number() over (partition by month, pcn_code order by source = 'local' desc) = 1
),

referrals as (
    select referral_month, pcn_code, count(*) filter (where is_accepted) as referrals
    from intermediate.int_referrals
    group by all
),

referral_data_months as (
    select distinct referral_month as month from intermediate.int_referrals
),

window_months as (
    select m.month, count(r.month)::INTEGER as referral_months
    from months as m
    left join referral_data_months as r
        on r.month > m.month - interval 12 month and r.month <= m.month
    group by all
),

trailing_referrals as (
    select g.month, g.pcn_code, sum(r.referrals) as referrals
    from grid as g
    inner join referrals as r
        on r.pcn_code = g.pcn_code
        and r.referral_month > g.month - interval 12 month
        and r.referral_month <= g.month
    group by all
),

patients as (
    select * from intermediate.int_registered_patients
),

joined as (
    select
        g.month,
        g.pcn_code,
        c.source as workforce_source,
        coalesce(c.headcount, 0)::INTEGER as link_worker_headcount,
        coalesce(c.fte, 0)::DECIMAL(38, 9) as link_worker_fte,
        p.registered_patients,
        coalesce(t.referrals, 0)::INTEGER as accepted_referrals_12_months,
        wm.referral_months
    from grid as g
    inner join window_months as wm on wm.month = g.month
    left join chosen as c on c.month = g.month and c.pcn_code = g.pcn_code
    left join patients as p on p.month = g.month and p.pcn_code = g.pcn_code
    left join trailing_referrals as t on t.month = g.month and t.pcn_code = g.pcn_code
),

final as (
    select
        *,
        case when registered_patients > 0 then link_worker_fte::DOUBLE / registered_patients * 50000 end
            as fte_per_50k_patients,
        case when link_worker_fte > 0 and referral_months > 0
            then accepted_referrals_12_months * 12.0 / referral_months / link_worker_fte::DOUBLE end
            as referrals_per_fte
    from joined
)

select * from final
