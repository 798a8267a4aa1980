/**
 * Every mart's contract by name, for the types the dashboard reads the snapshot with (`Marts`,
 * src/lib/server/schema.ts, is derived from these). The build reads the same files from disk
 * (pipelines/model/build.ts, readModels); tests/warehouse/models.test.ts checks this list names
 * every `warehouse/marts/*.sql` and nothing else, so a new mart cannot be left out.
 */
import type { z } from 'zod';
import areas from './marts/areas.ts';
import capacityMonthly from './marts/capacity_monthly.ts';
import dqCompleteness from './marts/dq_completeness.ts';
import dqDuplicates from './marts/dq_duplicates.ts';
import dqFollowUpsWithoutBaseline from './marts/dq_follow_ups_without_baseline.ts';
import dqLoads from './marts/dq_loads.ts';
import dqOrphans from './marts/dq_orphans.ts';
import dqRejects from './marts/dq_rejects.ts';
import dqSnomed from './marts/dq_snomed.ts';
import gpAppointmentsMonthly from './marts/gp_appointments_monthly.ts';
import healthcareUse from './marts/healthcare_use.ts';
import healthcareUseByGroup from './marts/healthcare_use_by_group.ts';
import healthcareUseMonthly from './marts/healthcare_use_monthly.ts';
import loneliness from './marts/loneliness.ts';
import lonelinessPaired from './marts/loneliness_paired.ts';
import outcomeCompleteness from './marts/outcome_completeness.ts';
import outcomePairs from './marts/outcome_pairs.ts';
import peopleReferred from './marts/people_referred.ts';
import practices from './marts/practices.ts';
import referralFunnel from './marts/referral_funnel.ts';
import referralReasonsMonthly from './marts/referral_reasons_monthly.ts';
import referralBacklog from './marts/referral_backlog.ts';
import referralWaits from './marts/referral_waits.ts';
import referralsMonthly from './marts/referrals_monthly.ts';
import registeredPatientsMonthly from './marts/registered_patients_monthly.ts';
import residents from './marts/residents.ts';
import supportOfferedMonthly from './marts/support_offered_monthly.ts';
import supportVsNeeds from './marts/support_vs_needs.ts';
import targets from './marts/targets.ts';
import workforceAreasMonthly from './marts/workforce_areas_monthly.ts';
import workforceMonthly from './marts/workforce_monthly.ts';

/** A mart without `columns` would have no row type: each must declare its columns. */
export const martContracts = {
  areas,
  capacity_monthly: capacityMonthly,
  dq_completeness: dqCompleteness,
  dq_duplicates: dqDuplicates,
  dq_follow_ups_without_baseline: dqFollowUpsWithoutBaseline,
  dq_loads: dqLoads,
  dq_orphans: dqOrphans,
  dq_rejects: dqRejects,
  dq_snomed: dqSnomed,
  gp_appointments_monthly: gpAppointmentsMonthly,
  healthcare_use: healthcareUse,
  healthcare_use_by_group: healthcareUseByGroup,
  healthcare_use_monthly: healthcareUseMonthly,
  loneliness,
  loneliness_paired: lonelinessPaired,
  outcome_completeness: outcomeCompleteness,
  outcome_pairs: outcomePairs,
  people_referred: peopleReferred,
  practices,
  referral_funnel: referralFunnel,
  referral_reasons_monthly: referralReasonsMonthly,
  referral_backlog: referralBacklog,
  referral_waits: referralWaits,
  referrals_monthly: referralsMonthly,
  registered_patients_monthly: registeredPatientsMonthly,
  residents,
  support_offered_monthly: supportOfferedMonthly,
  support_vs_needs: supportVsNeeds,
  targets,
  workforce_areas_monthly: workforceAreasMonthly,
  workforce_monthly: workforceMonthly,
} satisfies Record<string, { columns: z.ZodObject }>;
