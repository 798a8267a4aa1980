-- Loneliness on the same people: per baseline month × PCN × instrument × person characteristics,
-- the people with a baseline and a follow-up in the window (the cohort of the outcome figures:
-- baselines whose follow-up window has closed), how many of them were lonely at baseline and at
-- follow-up, and the discordant pairs (no longer lonely; newly lonely) for a paired comparison.
-- lonely: UCLA3 total ≥ 6, ONS "often or always", DJG6 total 2–6 (stg_wellbeing_scores).
with pairs as (
    select * from intermediate.int_outcome_pairs
    where instrument in ('UCLA3', 'ONS_LONELINESS', 'DJG6') and is_paired and is_window_closed
),

aggregated as (
    select
        baseline_month as month,
        pcn_code,
        instrument,
        age_band,
        sex,
        imd_decile,
        count(*)::INTEGER as people,
        count(*) filter (where is_lonely_before)::INTEGER as lonely_before,
        count(*) filter (where is_lonely_after)::INTEGER as lonely_after,
        count(*) filter (where is_lonely_before and not is_lonely_after)::INTEGER as no_longer_lonely,
        count(*) filter (where is_lonely_after and not is_lonely_before)::INTEGER as newly_lonely
    from pairs
    group by all
)

select * from aggregated
