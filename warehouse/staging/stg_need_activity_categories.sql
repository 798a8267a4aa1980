-- Which activity categories meet which referral reason (a seed: docs/models.md, "support_vs_needs").
with source as (
    select * from (values
        ('mental_wellbeing', 'mental_health_support'),
        ('mental_wellbeing', 'arts_and_crafts'),
        ('mental_wellbeing', 'nature_and_conservation'),
        ('loneliness_isolation', 'befriending'),
        ('loneliness_isolation', 'arts_and_crafts'),
        ('loneliness_isolation', 'volunteering'),
        ('long_term_condition', 'sport_and_physical_activity'),
        ('long_term_condition', 'learning_and_skills'),
        ('finance_debt', 'advice_debt_benefits_housing'),
        ('housing', 'advice_debt_benefits_housing'),
        ('physical_activity', 'sport_and_physical_activity'),
        ('physical_activity', 'nature_and_conservation'),
        ('employment', 'learning_and_skills'),
        ('employment', 'volunteering'),
        ('employment', 'advice_debt_benefits_housing'),
        ('carer', 'befriending'),
        ('carer', 'advice_debt_benefits_housing'),
        ('carer', 'mental_health_support'),
        ('bereavement', 'befriending'),
        ('bereavement', 'mental_health_support'),
        ('other', 'other')
    ) as t (need, activity_category)
)

select * from source
