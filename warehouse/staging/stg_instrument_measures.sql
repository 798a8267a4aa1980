-- The measures each outcome instrument yields, with their range, direction and meaningful change:
-- a seed stating INSTRUMENTS[...].measures of src/lib/stats/instruments.ts (the one statement of
-- instrument facts, with sources), kept as SQL so the models and their data tests can join it.
-- tests/lib/stats/scoring-sql.test.ts fails if these rows and instruments.ts differ.
with source as (
    select * from (values
        ('ONS4', 'life_satisfaction', 0, 10, true, 1),
        ('ONS4', 'worthwhile', 0, 10, true, 1),
        ('ONS4', 'happiness', 0, 10, true, 1),
        ('ONS4', 'anxiety', 0, 10, false, 1),
        ('WEMWBS', 'total', 14, 70, true, 3),
        ('SWEMWBS', 'metric', 7, 35, true, 1),
        ('UCLA3', 'total', 3, 9, false, 1),
        ('ONS_LONELINESS', 'how_often_lonely', 1, 5, true, 1),
        ('DJG6', 'total', 0, 6, false, 1),
        ('MYCAW', 'concern_1', 0, 6, false, 1),
        ('MYCAW', 'concern_2', 0, 6, false, 1),
        ('MYCAW', 'wellbeing', 0, 6, false, 1),
        ('PAM', 'score', 0, 100, true, 3)
    ) as t (instrument, measure, min_score, max_score, higher_is_better, meaningful_change)
),

renamed as (
    select
        instrument,
        measure,
        min_score::DOUBLE as min_score,
        max_score::DOUBLE as max_score,
        higher_is_better,
        meaningful_change::DOUBLE as meaningful_change
    from source
)

select * from renamed
