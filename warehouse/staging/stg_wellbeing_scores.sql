-- One row per assessment × measure, scored in SQL by the rules stated in src/lib/stats/instruments.ts
-- (ranges, bands, what counts as lonely; the SWEMWBS table is raw.ref_swemwbs). scoreInstrument
-- (src/lib/stats/scoring.ts) scores the same way: tests/lib/stats/scoring-sql.test.ts runs this model
-- and it on every valid form and fails if they differ. A form with a required item missing is
-- incomplete: all its measures have a null score (SQL's null arithmetic does this: a sum with a null
-- item is null).
with source as not materialized (
    select * from raw.wellbeing_scores
),

redelivered as (
    -- only the few assessments sent more than once need choosing between (cheaper than a window)
    select assessment_id, max({'load_id': load_id, 'source_row': source_row}) as latest, true as is_redelivered
    from source
    where assessment_id in (select assessment_id from source group by assessment_id having count(*) > 1)
    group by assessment_id
),

assessments as (
    -- an assessment re-sent in a later delivery is kept from the latest one
    select s.* exclude (_failures) replace (upper(trim(s.instrument)) as instrument, lower(trim(s.assessment_stage)) as assessment_stage)
    from source as s
    left join redelivered as d on d.assessment_id is not distinct from s.assessment_id
    where d.is_redelivered is null or d.latest = {'load_id': s.load_id, 'source_row': s.source_row}
),

ons4 as (
    select
        a.*,
        item.measure,
        case when a.item_01 is not null and a.item_02 is not null and a.item_03 is not null and a.item_04 is not null
            then case item.measure
                when 'life_satisfaction' then a.item_01
                when 'worthwhile' then a.item_02
                when 'happiness' then a.item_03
                when 'anxiety' then a.item_04
            end
        end as score,
        null::DOUBLE as raw_score,
        -- complete when every measure scores (so the form's rows need no window to agree)
        a.item_01 is not null and a.item_02 is not null and a.item_03 is not null and a.item_04 is not null
            as is_complete
    from assessments as a
    cross join (values ('life_satisfaction'), ('worthwhile'), ('happiness'), ('anxiety')) as item (measure)
    where a.instrument = 'ONS4'
),

ons4_banded as (
    select
        * exclude (raw_score),
        raw_score,
        case
            when score is null then null
            when measure = 'anxiety' then
                case when score <= 1 then 'very_low' when score <= 3 then 'low' when score <= 5 then 'medium' else 'high' end
            else
                case when score <= 4 then 'low' when score <= 6 then 'medium' when score <= 8 then 'high' else 'very_high' end
        end as band,
        null::BOOLEAN as is_lonely
    from ons4
),

wemwbs as (
    select
        *,
        'total' as measure,
        item_01 + item_02 + item_03 + item_04 + item_05 + item_06 + item_07
            + item_08 + item_09 + item_10 + item_11 + item_12 + item_13 + item_14 as score,
        null::DOUBLE as raw_score,
        null as band,
        null::BOOLEAN as is_lonely
    from assessments
    where instrument = 'WEMWBS'
),

swemwbs_raw as (
    select
        *,
        item_01 + item_02 + item_03 + item_04 + item_05 + item_06 + item_07 as raw_total
    from assessments
    where instrument = 'SWEMWBS'
),

swemwbs as (
    -- analysis uses the metric score, converted from the raw total with the Warwick table
    select
        s.* exclude (raw_total),
        'metric' as measure,
        conversion.metric_score::DOUBLE as score,
        s.raw_total as raw_score,
        null as band,
        null::BOOLEAN as is_lonely
    from swemwbs_raw as s
    left join raw.ref_swemwbs as conversion on conversion.raw_score = s.raw_total
),

ucla3 as (
    select
        *,
        'total' as measure,
        item_01 + item_02 + item_03 as score,
        null::DOUBLE as raw_score,
        case when item_01 + item_02 + item_03 >= 6 then 'lonely' when item_01 + item_02 + item_03 < 6 then 'not_lonely' end
            as band,
        item_01 + item_02 + item_03 >= 6 as is_lonely
    from assessments
    where instrument = 'UCLA3'
),

ons_loneliness as (
    -- response codes: 1 often/always, 2 some of the time, 3 occasionally, 4 hardly ever, 5 never
    select
        *,
        'how_often_lonely' as measure,
        item_01 as score,
        null::DOUBLE as raw_score,
        case item_01
            when 1 then 'often_always'
            when 2 then 'some_of_the_time'
            when 3 then 'occasionally'
            when 4 then 'hardly_ever'
            when 5 then 'never'
        end as band,
        item_01 = 1 as is_lonely
    from assessments
    where instrument = 'ONS_LONELINESS'
),

djg6_total as (
    -- items 1–3 (emotional) score 1 for yes (1) or more or less (2);
    -- items 4–6 (social) score 1 for more or less (2) or no (3)
    select
        *,
        (item_01 <= 2)::INTEGER + (item_02 <= 2)::INTEGER + (item_03 <= 2)::INTEGER
            + (item_04 >= 2)::INTEGER + (item_05 >= 2)::INTEGER + (item_06 >= 2)::INTEGER as total
    from assessments
    where instrument = 'DJG6'
),

djg6 as (
    select
        * exclude (total),
        'total' as measure,
        total::DOUBLE as score,
        null::DOUBLE as raw_score,
        case when total <= 1 then 'not_lonely' when total <= 4 then 'moderately_lonely' when total <= 6 then 'severely_lonely' end
            as band,
        total >= 2 as is_lonely
    from djg6_total
),

mycaw as (
    -- the second concern is optional: a form is complete with concern 1 and wellbeing
    select
        a.*,
        item.measure,
        case when a.item_01 is not null and a.item_03 is not null
            then case item.measure
                when 'concern_1' then a.item_01
                when 'concern_2' then a.item_02
                when 'wellbeing' then a.item_03
            end
        end as score,
        null::DOUBLE as raw_score,
        null as band,
        null::BOOLEAN as is_lonely,
        -- complete when concern 1 scores, i.e. concern 1 and wellbeing are there
        a.item_01 is not null and a.item_03 is not null as is_complete
    from assessments as a
    cross join (values ('concern_1'), ('concern_2'), ('wellbeing')) as item (measure)
    where a.instrument = 'MYCAW'
),

pam as (
    -- the licensed PAM score arrives in item_01
    select
        *,
        'score' as measure,
        item_01 as score,
        null::DOUBLE as raw_score,
        case
            when item_01 <= 47.0 then 'level_1'
            when item_01 <= 55.1 then 'level_2'
            when item_01 <= 67.0 then 'level_3'
            when item_01 is not null then 'level_4'
        end as band,
        null::BOOLEAN as is_lonely
    from assessments
    where instrument = 'PAM'
),

scored as (
    select * from ons4_banded
    union all by name select * from wemwbs
    union all by name select * from swemwbs
    union all by name select * from ucla3
    union all by name select * from ons_loneliness
    union all by name select * from djg6
    union all by name select * from mycaw
    union all by name select * from pam
),

renamed as (
    select
        s.assessment_id,
        s.referral_id,
        s.instrument,
        s.assessment_stage,
        s.assessment_date,
        date_trunc('month', s.assessment_date)::DATE as assessment_month,
        s.measure,
        s.score::DOUBLE as score,
        s.raw_score::DOUBLE as raw_score,
        s.band,
        s.is_lonely,
        -- complete when any measure scored (MYCaW's optional second concern may still be empty):
        -- a form that gives one row is complete when that row scores, ONS4 and MYCaW say above
        coalesce(s.is_complete, s.score is not null) as is_complete,
        m.higher_is_better,
        s.load_id
    from scored as s
    left join staging.stg_instrument_measures as m on m.instrument = s.instrument and m.measure = s.measure
)

select * from renamed
