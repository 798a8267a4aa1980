-- The targets extract as loaded, plus a derived yearly trajectory (each 31 March) for a target
-- that has an earlier trajectory point for the same measure and area: linear from that point to
-- the target (e.g. 3,000 social prescribers in June 2023 to 9,000 by March 2037).
with targets as (
    select * from staging.stg_targets
),

starts as (
    select
        t.target_id,
        arg_max(p.value, p.due_date) as start_value,
        max(p.due_date) as start_date
    from targets as t
    inner join targets as p
        on p.measure = t.measure and p.area = t.area and p.is_trajectory and p.due_date < t.due_date
    where not t.is_trajectory
    group by t.target_id
),

trajectory as (
    select
        t.target_id || '.trajectory.' || year(point.due_date) as target_id,
        t.measure,
        t.area,
        t.area_type,
        t.area_code,
        round(
            s.start_value + (t.value - s.start_value)
                * datediff('day', s.start_date, point.due_date) / datediff('day', s.start_date, t.due_date),
            1
        ) as value,
        t.comparison,
        point.due_date,
        true as is_trajectory,
        'Trajectory to ' || t.title || ' (31 March ' || year(point.due_date) || ', linear)' as title,
        t.source,
        true as is_derived,
        t.target_id as trajectory_of
    from targets as t
    inner join starts as s on s.target_id = t.target_id
    cross join lateral (
        select make_date(y::INTEGER, 3, 31) as due_date
        from range(year(s.start_date) + 1, year(t.due_date)) as r (y)
    ) as point
    where point.due_date > s.start_date and point.due_date < t.due_date
),

loaded as (
    select *, false as is_derived, null as trajectory_of from targets
)

select * from loaded
union all by name
select * from trajectory
