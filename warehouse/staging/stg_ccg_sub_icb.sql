-- A seed: the 2022 sub-ICB location (ODS) of every April 2020 CCG that did not keep its code. The
-- April 2021 CCG mergers (NHS England, "CCG mergers 1 April 2021") made nine new CCGs, which became
-- sub-ICB locations with the same codes in July 2022; every other CCG of 2020 kept its code as a
-- sub-ICB location. Best fit: the July 2022 boundary changes (West Birmingham to Birmingham and
-- Solihull, Glossop to Derbyshire) are not followed. tests/warehouse/residents.test.ts checks that
-- each CCG lands in a sub-ICB of the ICB that HEEC's CCG → ICB lookup gives it.
with source as (
    select * from (values
        ('03A', 'X2C4Y'), ('03J', 'X2C4Y'),                                   -- Kirklees
        ('04F', 'M1J4Y'), ('06F', 'M1J4Y'), ('06P', 'M1J4Y'),                 -- Bedfordshire, Luton and Milton Keynes
        ('05A', 'B2M3M'), ('05H', 'B2M3M'), ('05R', 'B2M3M'),                 -- Coventry and Warwickshire
        ('05C', 'D2P2L'), ('05L', 'D2P2L'), ('05Y', 'D2P2L'), ('06A', 'D2P2L'), -- Black Country and West Birmingham
        ('05N', 'M2L0M'), ('05X', 'M2L0M'),                                   -- Shropshire, Telford and Wrekin
        ('07L', 'A3A8R'), ('07T', 'A3A8R'), ('08F', 'A3A8R'), ('08M', 'A3A8R'),
        ('08N', 'A3A8R'), ('08V', 'A3A8R'), ('08W', 'A3A8R'),                 -- North East London
        ('07P', 'W2U3Z'), ('07W', 'W2U3Z'), ('07Y', 'W2U3Z'), ('08C', 'W2U3Z'),
        ('08E', 'W2U3Z'), ('08G', 'W2U3Z'), ('08Y', 'W2U3Z'), ('09A', 'W2U3Z'), -- North West London
        ('10J', 'D9Y0V'), ('10K', 'D9Y0V'), ('10L', 'D9Y0V'), ('10V', 'D9Y0V'),
        ('10X', 'D9Y0V'), ('11A', 'D9Y0V'),                                   -- Hampshire, Southampton and Isle of Wight
        ('10C', 'D4U1Y'), ('15D', 'D4U1Y'), ('99M', 'D4U1Y')                  -- Frimley
    ) as t (ccg_code, sub_icb_code)
)

select * from source
