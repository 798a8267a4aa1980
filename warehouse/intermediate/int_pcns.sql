-- One row per PCN with its sub-ICB, ICB and region. From the current practice mapping (a PCN's
-- practices can sit in more than one sub-ICB: the one with most practices is the PCN's), then
-- PCNs only known from NHS Digital's workforce files (closed or merged since), as they named them,
-- then the pseudo-PCNs of practices closed since, one per (estimated) sub-ICB (int_closed_practices).
with practices as (
    select * from staging.stg_practices
),

closed_practices as (
    select * from intermediate.int_closed_practices
),

workforce_pcns as (
    select * from staging.stg_workforce_pcns
),

practices_per_sub_icb as (
    select
        pcn_code, pcn_name, sub_icb_code, sub_icb_name, icb_code, icb_name, region_code, region_name,
        count(*) as practices
    from practices
    where pcn_code is not null
    group by all
),

current_pcns as (
    select
        * exclude (practices, choice),
        (sum(practices) over (partition by pcn_code))::INTEGER as practices,
        true as is_current
    from (
        select
            *,
            -- ties broken by code so the choice is stable
            row_number() over (partition by pcn_code order by practices desc, sub_icb_code) as choice
        from practices_per_sub_icb
    )
    qualify choice = 1
),

former_pcns as (
    select
        pcn_code,
        pcn_name,
        sub_icb_code,
        sub_icb_name,
        icb_code,
        icb_name,
        region_code,
        region_name,
        0 as practices,
        false as is_current
    from workforce_pcns
    where pcn_code not in (select pcn_code from current_pcns)
),

closed_practice_pcns as (
    select distinct
        pcn_code,
        pcn_name,
        sub_icb_code,
        sub_icb_name,
        icb_code,
        icb_name,
        region_code,
        region_name,
        0 as practices,
        false as is_current
    from closed_practices
)

select * from current_pcns
union all by name
select * from former_pcns
union all by name
select * from closed_practice_pcns
