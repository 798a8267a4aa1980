/** Indicator definitions: one page each at /indicators/<id>, linked under every chart. */
export interface Indicator {
  id: string;
  title: string;
  what: string;
  numerator: string;
  denominator: string;
  source: string;
  method: string;
  polarity: string;
  caveats: string;
  /** how the figure is checked, against what independent value (the tests named; docs/methods.md) */
  checks: string;
}

export const INDICATORS: Indicator[] = [
  {
    id: 'referrals',
    title: 'Referrals to social prescribing',
    what: 'Referral episodes to a social prescribing link worker received in the month, by route, reason, SNOMED status and person characteristics.',
    numerator:
      'Referral episodes (latest delivery of each referral) with a referral date in the month. People referred: distinct person pseudonyms, counted for the area and period as a whole (one person referred twice counts once; distinct counts are not summed across months or areas).',
    denominator:
      'None (a count). The NHS Long Term Plan ambition counts PEOPLE: 900,000 people referred a year by 2023/24. The overview reads it against the distinct people referred in the financial year (April–March) holding the period’s last month, never against episodes, and compares only a year with 12 months of referral data (distinct people cannot be annualised: a person referred twice is one person). An area’s part is England’s × the area’s share of England’s registered patients over that year (the mean of the monthly lists).',
    source:
      'Referrals extract → marts.referrals_monthly, marts.referral_reasons_monthly, marts.people_referred.',
    method:
      'Monthly counts on an XmR statistical process control chart (NHS England Making Data Count; NHSRplotthedots rules): mean, process limits at ±2.66 × mean moving range, special-cause rules (point outside limits, run of 7, trend of 7, 2 of 3 near a limit).',
    polarity: 'Higher is better (more people reached), within capacity.',
    caveats:
      'Counts are rounded to 5 and 1–7 suppressed. A referral with several reasons counts under each reason.',
    checks:
      'By hand from fixtures: a referral delivered twice counts once (tests/warehouse/models.test.ts); 10 referrals of 9 people at every level and period (tests/warehouse/outcome-definitions.test.ts); 240 episodes of 20 people read as 20 against 900,000, a 2-month year not compared, an ICB’s part from the GPAD coverage files (tests/routes/denominators.test.ts). SPC against NHSRplotthedots’ published outputs (tests/lib/stats/spc.test.ts) and limits drawn at hand-worked pixels (tests/lib/charts/spc.test.ts).',
  },
  {
    id: 'referral-funnel',
    title: 'Referral pathway (funnel)',
    what: 'How many referrals reach each step: accepted, contacted, plan agreed, linked to an activity, took it up, follow-up recorded.',
    numerator:
      'Accepted referrals reaching the step. A step is reached when it is recorded or a later step that needs it is: contacted = a first contact date, or a plan agreed, support offered or taken up, or a complete follow-up; plan agreed = the care-plan field recorded as agreed, or left blank where support was offered (a recorded “no” stays no); linked = any support offered; took up = an offer taken up; follow-up recorded = a complete follow-up assessment (with or without an activity taken up).',
    denominator: 'Referrals received in the period (by referral month).',
    source: 'Referrals, support offered and wellbeing scores extracts → marts.referral_funnel.',
    method:
      'Counts by referral month; shares from the rounded counts. A blank optional field is “not recorded”, not “did not happen” (issue 12: the care-plan field is optional, and reading blank as no dropped everyone after it). Plan agreed, linked and follow-up are each within contacted, not within one another.',
    polarity: 'Higher shares are better.',
    caveats:
      'Recent referrals have had less time to reach later steps. Steps implied by later ones rest on the later record.',
    checks:
      'Each step per PCN and month worked by hand from two fixture sets, including blank care-plan fields (5 5 5 3 3 2 4 where reading blank as no gave 5 5 5 2 1 1 1): tests/warehouse/models.test.ts, tests/warehouse/outcome-definitions.test.ts. Data tests: each step within the step it needs.',
  },
  {
    id: 'waits',
    title: 'Wait from referral to first contact',
    what: 'Days from referral to first contact with a link worker, in bands, including people still waiting; and the share waiting more than 4 weeks.',
    numerator:
      'Accepted referrals in the wait band: contacted (first contact date − referral date) or still waiting (no contact recorded or implied, episode open: data date − referral date, the wait so far). Share over 4 weeks: those contacted after day 28 or still waiting.',
    denominator:
      'Accepted referrals contacted or still waiting; for the share, those referred more than 28 days before the data date (the latest event date in the extracts), so each one’s wait over 28 days is known.',
    source: 'Referrals extract → marts.referral_waits.',
    method:
      'Bands 0–7, 8–14, 15–28, 29–56, 57+ days. People still waiting are censored at the data date and counted in the band of their wait so far (a lower bound), not left out; the share over 28 days is exact for its cohort (a simple alternative to a Kaplan–Meier estimate). The 4-week threshold is an assumption (no national standard).',
    polarity: 'Shorter is better.',
    caveats:
      'Episodes closed without a contact, and contacts implied by later steps without a contact date, have no wait and are left out.',
    checks:
      'Every band and status worked by hand in days from the fixtures, people still waiting included (53 and 355 days so far): tests/warehouse/models.test.ts, tests/warehouse/outcome-definitions.test.ts. Data test: contacted waits within the funnel’s contacted. The share over 4 weeks is the protected count over the protected count; no separate check of the share.',
  },
  {
    id: 'support-vs-needs',
    title: 'Support offered against needs',
    what: 'What people are linked into (activity categories and uptake) against the needs stated on referral.',
    numerator: 'Referrals linked to (took up) an activity matching a stated need; offers taken up.',
    denominator: 'Referrals stating the need; offers made.',
    source: 'Referrals and support offered extracts → marts.support_vs_needs, marts.support_offered_monthly.',
    method: 'Counts and shares from rounded counts.',
    polarity: 'Higher is better.',
    caveats: 'The match of need to activity category uses the project’s need → category map.',
    checks:
      'Every need and offer row worked by hand from the fixtures and the need → category map (tests/warehouse/indicator-checks.test.ts).',
  },
  {
    id: 'link-worker-fte',
    title: 'Link workers in post (headcount and FTE)',
    what: 'Social prescribing link workers in post in the area in the month: headcount (people), full-time equivalent, PCNs reporting and PCNs with a link worker, and FTE per 50,000 registered patients.',
    numerator:
      'Headcount: distinct people, counted at the area’s own level (PCN, sub-ICB, ICB, region or England) as NHS Digital counts it — distinct UNIQUE_IDENTIFIERs of staff with STAFF_ROLE “Social Prescribing Link Workers”; records without one are contracted services (FTE, no headcount). A person in two PCNs is one person in their ICB, so PCN headcounts do not add up to the ICB’s or England’s. Local returns carry no identifiers: their area headcount is the sum of PCN headcounts. FTE: sum of FTE (37.5 hours = 1), including contracted services. PCNs with a link worker: PCNs with more than 0 FTE (a PCN returning 0 FTE has none).',
    denominator:
      'None for headcount and FTE. For FTE per 50,000: the patients registered in the area in that month / 50,000 (marts.registered_patients_monthly: NHS England’s GPAD coverage from August 2020, each practice’s list size for the financial year before it, closed practices included), never today’s list. PCNs reporting are shown against the area’s current PCNs.',
    source:
      'NHS Digital “Primary Care Network Workforce” individual-level files and local workforce returns → marts.workforce_areas_monthly (areas), marts.capacity_monthly (PCNs). One source per month and area: local returns where the area has any for the month (the latest), NHS Digital’s census otherwise; a month where not every PCN sent a local return is a partial count and says how many reported.',
    method:
      'Distinct count per level and month (checked against identifiers counted straight from NHS Digital’s files for every census month and level). Compared with the target for the month shown, from the targets table (never a constant): the area’s own loaded target if it has one, else England’s pro-rata to the area’s share of registered patients. The Long Term Workforce Plan line runs from about 3,000 social prescribers on 30 June 2023 to 9,000 by 31 March 2037 (NHS Long Term Workforce Plan, June 2023); a month on it takes the linear value at the month’s last day (e.g. 3,256.8 for January 2024). The NHS Long Term Plan’s 1,000 by 2020/21 applies before March 2021 and is shown as a past target until the trajectory starts. SPC (Making Data Count XmR) over the latest run of months from one source; the assurance icon compares the limits with the target for the last month.',
    polarity: 'Higher is better.',
    checks:
      'Headcount: distinct identifiers counted straight from NHS Digital’s 11 files for every census month and level (England 2022-09: 1,659 people, where counting records gave 2,259); FTE: exact decimal sum of each file (tests/warehouse/models.test.ts). One source a month, partial months, 0 FTE not a link worker (tests/routes/capacity-targets.test.ts). FTE per 50,000 for England in 2020-09 and 2020-06 from the workforce file over the GPAD coverage and the 2020/21 list sizes (tests/routes/denominators.test.ts).',
    caveats:
      'Staff figures are not disclosure-controlled. NHS Digital’s PCN files hold PCN-employed staff only: its national figure of 1,449 headcount / 1,265 FTE at March 2021 adds link workers employed by practices, so the PCN files’ 1,066 people / 1,093 FTE for March 2021 are comparable as a lower bound, not equal. PCNs are placed by the current practice mapping.',
  },
  {
    id: 'capacity-projection',
    title: 'Link-worker FTE projected from the area’s own trend',
    what: 'Link-worker FTE 12 and 24 months after the latest month, on the area’s own trend, with a 95% prediction interval; the FTE the trajectory to 9,000 by 2036/37 asks of the area now and the FTE it would need now; the first month the trend reaches the trajectory, or “not at this trend”.',
    numerator:
      'Link-worker FTE per month (marts.workforce_areas_monthly: local returns where the area has them, else NHS Digital).',
    denominator:
      'None for FTE. The trajectory is the area’s own target, or England’s (3,000 on 30 June 2023 → 9,000 by 31 March 2037, linear) × the area’s share of England’s registered patients in the latest month.',
    source: 'marts.workforce_areas_monthly, marts.registered_patients_monthly, marts.targets.',
    method:
      'Ordinary least squares of FTE on the month over the 24 months up to the latest (at least 3 months with data). Prediction interval from the area’s own changes between observations (a random walk with drift): ŷ ± t(m−1) · σ · √(h(1 + h/S)), σ² = Σ(Δy − μg)²/g/(m−1) over the m changes (gap g months, drift μ over the span S), cut at 0; the line’s classical interval was far too narrow for a workforce that grows in steps. The month reaching the trajectory: the first month the line is at or above it, searched to March 2037.',
    polarity: 'Higher is better (towards the trajectory).',
    caveats:
      'A straight line on recent months, not a model of recruitment: it cannot know of funding changes, and NHS Digital’s data are quarterly. In a backtest on NHS Digital’s files (fitted to September 2021, scored on September 2022) the 12-month error was 14.7 % for England and 29.0 % on average for ICBs (carrying the latest month forward: 30.3 % and 30.6 %), and the 95 % interval covered 37 of 42 ICBs (36–38 of 42 from the earlier origins; the line’s classical interval covered 26): slightly short of 95 %. The share of England’s list is held at the latest month’s.',
    checks:
      'Hand-worked fit, reach month (tests/lib/stats/projection.test.ts) and interval from quarterly changes (tests/lib/stats/step-interval.test.ts); England’s projection and interval re-worked from its workforce rows, the backtest against the no-change forecast and the interval’s coverage from four origins (tests/routes/capacity-projection.test.ts).',
  },
  {
    id: 'referral-backlog',
    title: 'Referrals waiting for first contact at each month end',
    what: 'The backlog: accepted referrals waiting for first contact at the end of each month, by how long they had waited then (0–7, 8–14, 15–28, 29–56, 57+ days).',
    numerator:
      'Accepted referrals referred on or before the month end, with no first contact on or before it and the episode not ended by it.',
    denominator: 'None (a count).',
    source: 'Referrals extract → marts.referral_backlog.',
    method:
      'For each month end from the first referral month to the last month end on or before the data date: days from referral to the month end, banded. Counts protected per area × month cell.',
    polarity: 'Lower is better; a growing 29+ day band is a backlog building.',
    caveats:
      'Referrals contacted on a date not recorded (a plan, activity or follow-up, no first contact date) cannot be placed at a month end and are left out, as in the waits indicator. A month end after the data date is not shown.',
    checks:
      'A built warehouse where nobody is contacted: each month end’s bands worked by hand from the referral dates (tests/routes/demand-supply.test.ts); the mart’s data test: the backlog never exceeds the accepted referrals up to then (warehouse/marts/referral_backlog.ts).',
  },
  {
    id: 'demand-supply',
    title: 'Referrals forecast against link-worker capacity',
    what: 'Accepted referrals a month, and a forecast for the 12 months after the period with a 95% prediction interval, against the referrals the area’s link workers can take on at NHS England’s caseload guide of 200–250 people a year per FTE.',
    numerator:
      'Accepted referrals (SNOMED 871731000000106) per month, protected per area × month cell before the forecast is fitted to them.',
    denominator:
      'None; capacity is link-worker FTE (NHS Digital’s latest observation in or before the month, held at the latest for the months forecast) × 200 / 12 and × 250 / 12 a month.',
    source: 'marts.referral_funnel, marts.workforce_areas_monthly.',
    method:
      'The mean of the latest 3 months shown, held flat for the 12 months forecast; 95% prediction interval ± 1.96 × the root mean square of the same method’s one-step errors over the period’s last 12 months (each month less the mean of the 3 before it), cut at 0; at least 5 months shown (suppressed months and months without data left out). Chosen by a backtest on NHS England’s national social prescribing appointments (a year fitted, the next 12 months scored, 7 origins) as the lowest error of seven methods: the latest month carried forward, the same month last year, the means of the last 3, 6 and 12 months, a least-squares line, and a damped trend (Holt).',
    polarity: 'Forecast above capacity high: demand outruns the caseload guide; below capacity low: room.',
    caveats:
      'The caseload guide is an assumption, not a measurement of what link workers take on. The forecast holds the recent level: it does not follow a trend or the seasons. Scored on NHS England’s national count of social prescribing appointments (a year fitted, the next 12 months scored, 7 origins) it erred by 7.9 % a month, against 9.2 % for carrying the latest month forward, 8.1 % for a damped trend and 17.1 % for the least-squares line used before, and its 95 % interval covered 82 of 84 months; in a growing area read it as “if the recent level holds”.',
    checks:
      'Hand-worked forecast and interval, suppressed months left out, interval cut at 0, capacity 3 FTE → 50–62.5 a month (tests/lib/stats/forecast.test.ts); a built warehouse whose counts rise by 5 a month, forecast 70 (50 to 90) worked by hand, and capacity against the workforce dataset’s FTE (tests/routes/demand-supply.test.ts); every candidate method and the chosen one backtested on GPAD’s national series, and the dataset on a generated two-year warehouse (tests/routes/demand-supply-backtest.test.ts).',
  },
  {
    id: 'referrals-per-fte',
    title: 'Referrals per link-worker FTE a year',
    what: 'Accepted referrals a year per link-worker FTE in a PCN, against the caseload guide of 200–250 people a year per FTE (NHS England).',
    numerator:
      'Accepted referrals (SNOMED 871731000000106; declined referrals are not caseload) in the 12 months to the month, annualised: × 12 / the months of those 12 the warehouse holds referral data for (any referral anywhere in the month).',
    denominator: 'Link-worker FTE in the PCN in the month (local return, else NHS Digital).',
    source: 'Referrals extract and workforce → marts.capacity_monthly.',
    method:
      'Ratio, a yearly figure to read against the 200–250 a year guide; the months used are shown. Not shown without referral data in the window, or for PCNs with 0 FTE, which are listed as without a link worker.',
    polarity: 'Within 200–250 is the guide; far above suggests overload.',
    caveats:
      'Fewer than 12 months of data make the annual figure an estimate (seasonality). Not shown where referrals are fewer than 8.',
    checks:
      'By hand on the fixtures: 2 accepted referrals in 1 month × 12 / 1.5 FTE = 16 a year, a declined referral left out, no ratio at 0 FTE (tests/warehouse/models.test.ts); the released ratio from the protected referral count (tests/lib/server/release.test.ts).',
  },
  {
    id: 'wellbeing-change',
    title: 'Change in wellbeing (paired)',
    what: 'Change between baseline and follow-up scores for the same people, per instrument and measure: mean change, shares improved and deteriorated, reliable change.',
    numerator:
      'Sum of (follow-up − baseline) scores; people whose change reaches the instrument’s meaningful change in the better (improved) or worse (deteriorated) direction; people whose change is reliable (RCI).',
    denominator:
      'People with a complete baseline and a complete follow-up in the window (paired), for baselines in the period whose follow-up window has closed by the data date.',
    source: 'Wellbeing scores extract → marts.outcome_pairs (exact distribution of pairs).',
    method:
      'Follow-up: the complete assessment nearest 12 weeks after the first complete baseline, from 6 to 26 weeks after it (an assumption; a named setting, src/lib/outcomes/follow-up-window.ts). Paired t interval (95%), Cohen’s d_z, Wilcoxon signed-rank p as a check; meaningful change per instrument (DOMAIN §4); reliable change index (Jacobson & Truax 1991): |change| > 1.96 × SD √(2(1 − r)): SWEMWBS with Shah et al. 2018’s SD 3.921 and SEM 1.03 (r ≈ 0.931: 2.86 metric points), WEMWBS α 0.91 (Tennant et al. 2007) and UCLA-3 α 0.72 (Hughes et al. 2004) with the baseline SD of the people analysed; none for single items, De Jong Gierveld 6 and PAM (no published reliability used). Shares from the rounded counts (docs/methods.md).',
    polarity:
      'Depends on the instrument: higher is better for SWEMWBS and ONS4 (not anxiety), lower for UCLA-3 and De Jong Gierveld.',
    caveats:
      'Only people followed up are included: low completeness can bias results. No control group: change is not effect. The latest 26 weeks of baselines are not yet in the figures (their window is open).',
    checks:
      'Statistics against published outputs: R’s sleep data for the paired t (t 4.0621, p 0.002833), R’s and SciPy’s Wilcoxon examples, Lakens (2013) Table 1 for d_z and d_av (tests/lib/stats/paired.test.ts); reliable change hand-worked for SWEMWBS and UCLA-3 (tests/lib/stats/instrument-change.test.ts, tests/lib/outcomes/outcome-statistics.test.ts). Pairs and the follow-up nearest 12 weeks worked by hand (tests/warehouse/models.test.ts, tests/warehouse/outcome-definitions.test.ts). Interval from the n shown, shares from protected counts (tests/lib/server/release.test.ts).',
  },
  {
    id: 'follow-up-completeness',
    title: 'Follow-up completeness',
    what: 'The share of people due a follow-up who have one: the completeness of the cohort the outcome figures describe.',
    numerator:
      'Referrals with a complete baseline and a complete follow-up in the window (paired), per instrument.',
    denominator:
      'Referrals with a complete baseline in the period whose follow-up window (26 weeks after the baseline) has closed by the data date.',
    source: 'marts.outcome_completeness.',
    method: 'Share from rounded counts, by baseline month; a warning is shown under 50%.',
    polarity: 'Higher is better.',
    caveats:
      'Baselines whose window is still open are not yet due and not counted. Referrals with no baseline at all are outside this measure (see the referral pathway).',
    checks:
      'By hand: 3 of 4 due are paired (75%; the old rule gave 4 of 4), a baseline with its window open not yet due (tests/warehouse/outcome-definitions.test.ts). Data test: a cohort with pairs has completeness and the other way round.',
  },
  {
    id: 'loneliness',
    title: 'Share lonely (paired)',
    what: 'The share of the same people who are lonely at baseline and at follow-up; everyone assessed at each stage is shown only as labelled context.',
    numerator:
      'People lonely: UCLA-3 total ≥ 6; ONS direct question “often/always”; De Jong Gierveld 6-item total 2–6.',
    denominator:
      'People with a complete score of the instrument at baseline and at follow-up (in the 6–26 week window), for baselines in the period whose window has closed.',
    source: 'Wellbeing scores extract → marts.loneliness_paired (context: marts.loneliness).',
    method:
      'Proportions with 95% Wilson score intervals (PHE methods); change in percentage points; exact McNemar test on the people whose loneliness changed (binomial, ½).',
    polarity: 'Lower is better.',
    caveats:
      'Comparing everyone assessed at baseline with everyone followed up compares different people and is biased (DOMAIN §4): that view is context only. Low follow-up completeness can bias the paired figures too.',
    checks:
      'Paired counts by hand (2 of 3 lonely before and after, 1 no longer and 1 newly lonely; the unpaired context 4 of 5 and 4 of 6) (tests/warehouse/outcome-definitions.test.ts); McNemar exact p = 2 × 79 / 4096 as R’s binom.test(10, 12) (tests/lib/outcomes/outcome-statistics.test.ts); Wilson limits against PHStatsMethods’ published tests (tests/lib/stats/intervals.test.ts).',
  },
  {
    id: 'equity',
    title: 'Equity of access and outcome',
    what: 'Referrals and wellbeing change by IMD decile, age band, sex, ethnic group and route; slope index of inequality across IMD deciles.',
    numerator: 'Referrals in the group; paired change in the group.',
    denominator: 'All referrals (for shares); paired people in the group.',
    source: 'marts.referrals_monthly, marts.outcome_pairs.',
    method:
      'Slope index of inequality (PHE phe_sii point estimate; closed-form interval), deciles with at least 8 people.',
    polarity: 'An SII near 0 means no gradient by deprivation.',
    caveats:
      'Shares of referrals say who is referred, not who is reached per head: rates per 1,000 residents by decile and ethnic group are the access-rate indicator. Registered patients by group are not published, so rates by age and sex are not shown.',
    checks:
      'SII: a hand-worked example (five equal quintiles: SII 10, 95% CI 6.901 to 13.099) and a seeded re-implementation of phe_sii’s simulation on its documented example (tests/lib/stats/inequality.test.ts). A breakdown’s shares rest on its protected counts and their protected total (tests/lib/server/release.test.ts, on referrals by route: 25 / 35, not 23 / 38). The group counts themselves have no independent check beyond adding up to all referrals (a data test).',
  },
  {
    id: 'access-rate',
    title: 'Access rate per 1,000 residents by deprivation and ethnic group',
    what: 'Referrals a year per 1,000 Census 2021 residents in each IMD 2019 decile and broad ethnic group of the area; the slope index of inequality of that rate across deciles; Core20 (deciles 1–2) share of referrals against its share of residents.',
    numerator:
      'Referrals of the area’s registered patients in the group (decile of the LSOA they live in; ethnic group as recorded), protected area × month cells summed, × 12 / the months of the period.',
    denominator:
      'Census 2021 usual residents of the area in the group / 1,000 (marts.residents: LSOA 2021 → LSOA 2011 → CCG 2020 → 2022 sub-ICB, ICB, region).',
    source: 'marts.referrals_monthly, marts.residents.',
    method:
      'Byar’s 95% interval of the protected count; SII by phe_sii (decile 1 first, Poisson standard error √count × the rate factor, closed-form interval), only with every decile shown; Core20 = IMD deciles 1–2 (NHS England Core20PLUS5).',
    polarity:
      'Not judged alone: need is higher in deprived areas, so a negative SII (more referrals per head where deprivation is greater) is what proportionate universalism asks.',
    caveats:
      'Residents are not registered patients: the numerator counts the area’s registered patients, the denominator the people who live there, and the two overlap but are not the same (most at England level, least at sub-ICB level, where practices near a boundary serve residents of the next). Ethnic group "not stated" has no residents. Age- and sex-specific rates need a population by age and sex per LSOA, not available here. No rates for PCNs (no residential boundary). Census 2021 is a fixed year.',
    checks:
      'Residents add up to England’s 56,490,108 at every level, per ethnic group to the Census file’s sums, each CCG lands in the ICB HEEC’s lookup gives it (tests/warehouse/residents.test.ts); a hand-worked rate and Byar’s interval from the formula, England’s residents per ethnic group from the Census file and the SII against a hand-worked example (tests/routes/access.test.ts, tests/lib/server/access.test.ts).',
  },
  {
    id: 'gp-sp-appointments',
    title: 'Social prescribing appointments in general practice',
    what: 'Appointments recorded under the GPAD national category "Social Prescribing Service", per month, and per 1,000 patients registered at the practices included.',
    numerator: 'Social prescribing appointments (NHS England, Appointments in General Practice).',
    denominator:
      'Patients registered at the practices included in the month’s count / 1,000 (Table 1a for England; the GPAD coverage file’s sub-ICB lists below).',
    source: 'marts.gp_appointments_monthly (warehouse/reference/gpad/).',
    method: 'As published; per 1,000 computed here.',
    polarity: 'Not judged: appointments, not people or referrals, and only those recorded in GP systems.',
    caveats:
      'Appointments, not people: one person may have several. Staff role is not published, so link-worker appointments are seen by category only, and mapping of local slot types to the category varies by practice. Below England NHS England publishes May 2025 only (Table 3f): regions, ICBs and sub-ICBs show that one month whatever the period chosen; every other month is England only.',
    checks:
      'England’s monthly counts equal NHS England’s published Table 1a for every month from December 2022 to May 2025, and every level of Table 3f adds up to it (tests/warehouse/residents.test.ts); each ICB and sub-ICB shows its Table 3f count (tests/routes/access.test.ts).',
  },
  {
    id: 'referral-rate',
    title: 'Referral rate per 1,000 registered patients',
    what: 'Referrals a year per 1,000 registered patients, by area.',
    numerator:
      'Referral episodes received in the period (protected area × month cells, summed) × 12 / the months of the period.',
    denominator:
      'Registered patients / 1,000: the mean of the area’s monthly registered lists over the months of the period (marts.registered_patients_monthly; GPAD coverage from August 2020 for ICBs, the financial year’s list sizes for PCNs), never today’s list.',
    source: 'marts.referrals_monthly, marts.registered_patients_monthly, marts.areas.',
    method:
      'Byar’s 95% interval; funnel plot limits at 95% and 99.8% (Poisson, PHE methods); Fingertips-style comparison with the benchmark (the parent area’s rate).',
    polarity: 'Not judged: higher reach is good, but depends on need.',
    caveats: 'Rates use rounded counts.',
    checks:
      'Denominators from the reference files: an ICB’s mean of two months of GPAD coverage, a PCN’s 2023/24 list sizes, the rate and England’s benchmark over them (tests/routes/denominators.test.ts). Byar’s and exact Poisson limits against PHStatsMethods and PHEindicatormethods, funnel limits against PHEindicatormethods’ tabulated outputs (tests/lib/stats/intervals.test.ts); the funnel chart draws the benchmark and both limits (tests/lib/charts/funnel.test.ts).',
  },
  {
    id: 'targets',
    title: 'Targets',
    what: 'National ambitions and any local targets loaded, that the dashboard measures against.',
    numerator: '—',
    denominator: '—',
    source:
      'warehouse/reference/targets_national.csv (NHS Long Term Plan 2019; NHS Long Term Workforce Plan June 2023; Network Contract DES 2019/20) and local targets loaded in the same format (docs/examples/targets_local.csv) → marts.targets.',
    method:
      'For a month, a trajectory point starts a straight line to the next point and the month takes the line’s value at its last day; a month before a target with no trajectory takes the target; after a target is due (or before a trajectory starts) the latest target due is shown as past. An area’s own target comes first; otherwise England’s, pro-rata to the area’s share of England’s registered patients in the same months (the month’s lists for FTE, the financial year’s mean lists for people referred a year) for counts, as it is for rates per patients (FTE per 50,000).',
    polarity: 'at_least: higher is better.',
    caveats:
      'The warehouse also derives yearly (31 March) trajectory points for the table; pages interpolate from the loaded points.',
    checks:
      'Hand-worked days on the line (31 January 2024: 3,000 + 6,000 × 215 / 5,023 = 3,256.8), past and due targets, a count a year pro-rata and a rate not (tests/lib/targets.test.ts); a local target loaded changes the capacity and overview pages (tests/routes/capacity-targets.test.ts); the area’s share from the GPAD coverage files for the month and the financial year (tests/routes/denominators.test.ts).',
  },
  {
    id: 'healthcare-use',
    title: 'Health-care use after referral (against a matched comparison)',
    what: 'Whether social prescribing changes how often people use their GP practice and hospital: GP appointments, A&E attendances and emergency admissions per person per quarter after referral, against matched people who were not referred (difference-in-differences), beside the uncontrolled before–after change.',
    numerator:
      'Per person: mean monthly count in months +1…+w after the index month minus the mean in months −w…−1 before, w = 6 unless the warehouse is built with another window (SPO_HCU_WINDOW_MONTHS, 4–12; the page states the window used) (the index month itself excluded; a month with no row in the extract counts as 0). The index month is the referral month; a comparison person takes the index date of the referred person they are matched to.',
    denominator:
      'People referred, and matched comparison people, whose index month is in the period and whose w months after it are in the extracts (the window has closed by the last month the extracts hold). Comparisons are placed in the area of their referred person.',
    source:
      'gp_activity extract (an ICB secure data environment) → marts.healthcare_use, marts.healthcare_use_monthly.',
    method:
      'Estimate = mean change of the referred − mean change of the comparisons, per person per quarter (× 3); per 1,000 people a year is the released per-quarter figure × 4,000. 95% CI from the person-level changes with Welch’s unequal-variance t interval (Welch–Satterthwaite df), computed from the protected counts of each cohort. Beside it, the referred group’s own before–after change (one-sample t interval): it includes regression to the mean, since people are referred at a peak of need and their use falls anyway (Wilding et al. 2025, BJGP: −1.13 GP appointments per person per quarter controlled, where uncontrolled studies report far more). Event study: the mean count per person in each month from −12 to +12, both cohorts.',
    polarity:
      'Lower use after referral, relative to the comparison, is read as easing pressure; it is not in itself better for the person.',
    caveats:
      'Only as good as the matching done in the secure data environment: unmeasured differences between the cohorts remain. The windows (−w…−1, +1…+w; w = 6 by default) are set when the warehouse is built (SPO_HCU_WINDOW_MONTHS, int_activity_window), the same for every area. Estimates are shown only when each cohort has 8 or more people; values to 1 decimal.',
    checks:
      'Welch interval and naive interval against a hand-worked example and scipy’s Welch t-test, the same test as R’s t.test(var.equal = FALSE) (tests/lib/stats/difference-in-differences.test.ts); the per-person change in SQL equals personChange on a hand-worked extract, and the marts’ sums by hand (tests/warehouse/healthcare-use.test.ts); the generator plants an effect with regression to the mean and the estimate’s interval covers it while the naive change does not (tests/pipelines/gp-activity-generate.test.ts).',
  },
  {
    id: 'healthcare-use-by-group',
    title: 'Health-care use after referral, by deprivation and referral reason',
    what: 'The health-care use estimate (against a matched comparison, beside the uncontrolled change) for each deprivation quintile and each referral reason, where numbers allow: whether the change in GP and hospital use differs between groups.',
    numerator:
      'As for health-care use after referral: per person, the mean monthly count in months +1…+w minus −w…−1 (w = SPO_HCU_WINDOW_MONTHS, default 6), index month excluded.',
    denominator:
      'People referred, and matched comparison people, as for health-care use, in the group of the referral: the referred person’s referral on the index date (same pseudonym and date in the referral extract). A comparison person is in the group of the referred person it is matched to (match_id), never its own.',
    source:
      'gp_activity extract with the referral extract (IMD 2019 decile of the referral’s LSOA, referral reasons) → marts.healthcare_use_by_group.',
    method:
      'Deprivation quintile = IMD 2019 deciles 1–2 → 1 (most deprived 20%) … 9–10 → 5: quintiles, not deciles, because an ICB’s extract holds a few hundred to a few thousand people a year and per-decile area × month cells would be mostly 1–7 and suppressed. Referral reason: each reason the referral gives; a referral with two reasons is in both, so the reason groups overlap and do not add up to the whole. Per group, the difference-in-differences with its Welch 95% CI and the uncontrolled change, as for health-care use, from the protected counts of each cohort in the group.',
    polarity: 'As for health-care use after referral.',
    caveats:
      'Shown only where both cohorts of a group have 8 or more people (shown counts); the groups are small beside the whole, so their intervals are wide: a difference between two groups’ estimates is not itself tested. "unknown": the referral is not in the referral extracts, or (for deprivation) its LSOA has no IMD decile.',
    checks:
      'The mart’s people and sums per quintile and reason by hand over a hand-made extract, the comparison placed with its referred person, a person’s older referral ignored, quintiles adding up to the whole, and a group’s estimate and Welch interval (−3 per quarter, ±4.3027·√2 a month) worked by hand (tests/warehouse/healthcare-use-by-group.test.ts); over generated extracts, the released quintile groups add up to the whole within rounding (tests/pipelines/gp-activity-generate.test.ts).',
  },
  {
    id: 'sp-activity-context',
    title: 'Link-worker referrals beside GP social prescribing appointments (national context)',
    what: 'For scale beside the health-care use estimate: the area’s own referrals to link workers per 1,000 registered patients in each month, against NHS England’s published social prescribing appointments in general practice per 1,000 registered patients.',
    numerator:
      'Referrals to link workers received in the month (the referral extracts, protected per area × month cell); appointments in the GPAD national category “Social Prescribing Service” in the month (NHS England, published).',
    denominator:
      'Patients registered in the area that month (marts.registered_patients_monthly); for GPAD, the patients at the practices whose appointments are counted, as published.',
    source:
      'Referral extracts → marts.referrals_monthly; NHS England Appointments in General Practice (Table 1a England monthly from December 2022; Table 3f regions, ICBs and sub-ICBs for May 2025) → marts.gp_appointments_monthly.',
    method:
      'Both per 1,000 patients in the month. The GPAD figure is the area’s own where NHS England publishes one (regions, ICBs and sub-ICB locations: May 2025 only) and England’s otherwise (every month from December 2022; none for PCNs), with the area it is for stated in each row: where only England is available, the page says so.',
    polarity: '—',
    caveats:
      'Different counts side by side, not a ratio: GPAD counts appointments recorded in GP systems under the category by any staff (a person may have several), the extracts count referrals to link workers. GPAD below England exists for one month only.',
    checks:
      'The dataset gives NHS England’s published rate for England and an ICB’s May 2025 row, England’s beside a month without one, and the area’s referrals per 1,000 from its protected count and the month’s list (tests/routes/sp-activity-context.test.ts); the published counts equal Table 1a and 3f (tests/warehouse/residents.test.ts).',
  },
  {
    id: 'registered-patients',
    title: 'Registered patients (denominators)',
    what: 'Patients registered at the area’s GP practices in each month: the denominator of rates per patients and of England’s targets pro-rata.',
    numerator: 'Patients registered in the month.',
    denominator: '—',
    source:
      'NHS England Appointments in General Practice coverage files (sub-ICB, August 2020 on) and NHS Digital GP Workforce practice list sizes per financial year (via HEEC) → marts.registered_patients_monthly.',
    method:
      'Sub-ICB locations and the areas above them: patients at open practices from the GPAD coverage file, the last published month carried forward; before August 2020 every practice’s list size for the month’s financial year, practices closed since included. PCNs: their practices’ list sizes for the financial year (today’s membership). A month’s rate uses the month’s list; a rate over a period the mean of the monthly lists over its months (docs/models.md, Denominators).',
    polarity: '—',
    caveats:
      'PCN memberships before 2025 are not published with the list sizes. The two publications differ by about 1 % in the years both cover (list sizes lower).',
    checks:
      'England equals NHS England’s published total (GPAD Table 1a) for every month from December 2022 to May 2025; England 2019/20 equals the HEEC file’s sum (59,347,455), closed practices included; list sizes and coverage within 1.5 % each year; a sub-ICB month is the coverage row (tests/warehouse/geography.test.ts). The datasets read the month’s list (tests/routes/denominators.test.ts).',
  },
  {
    id: 'data-quality',
    title: 'Data quality',
    what: 'Files loaded, rows rejected with reasons, completeness of fields, SNOMED conformance and duplicate deliveries.',
    numerator: 'Rows with the property.',
    denominator: 'Rows delivered.',
    source: 'audit tables → marts.dq_loads, dq_rejects, dq_completeness, dq_snomed, dq_duplicates.',
    method: 'Counts and shares.',
    polarity: 'Fewer rejects and higher completeness are better.',
    caveats: 'Counts are disclosure-controlled like all others.',
    checks:
      'The bad-extract corpus (58 files in tests/fixtures/bad) loads as its manifest says: rows read = loaded + rejected, the reason, line and fix (tests/robustness/bad-extracts.test.ts); duplicates and orphans by hand (tests/warehouse/models.test.ts); SNOMED conformance and completeness per field by hand (tests/warehouse/indicator-checks.test.ts).',
  },
];

export const indicator = (id: string) => INDICATORS.find((i) => i.id === id);
