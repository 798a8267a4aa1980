-- Appointments recorded as "Social Prescribing Service" in general practice per month and area
-- (NHS England, Appointments in General Practice), with the patients registered at the practices
-- included: the national context of the health-care use page.
select
    month,
    area_type,
    area_code,
    appointments::INTEGER as appointments,
    registered_patients::INTEGER as registered_patients
from staging.stg_gpad_social_prescribing
where appointments is not null
