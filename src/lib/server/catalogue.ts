import type { Dataset } from './dataset.ts';
import { accessByDeprivation, accessByEthnicity, accessInequalityDataset } from './datasets/access.ts';
import { areas } from './datasets/areas.ts';
import { capacityProjection } from './datasets/capacity-projection.ts';
import { demandSupply } from './datasets/demand-supply.ts';
import { referralBacklog } from './datasets/referral-backlog.ts';
import { compare } from './datasets/compare.ts';
import {
  dqCodes,
  dqCompleteness,
  dqCompletenessByPcn,
  dqLoads,
  dqOrphans,
  dqRejects,
} from './datasets/data-quality.ts';
import { equity, inequality } from './datasets/equity.ts';
import { healthcareUse, healthcareUseByGroup, healthcareUseMonthly } from './datasets/healthcare-use.ts';
import { spActivityContext } from './datasets/sp-activity-context.ts';
import { loneliness, lonelinessPaired } from './datasets/loneliness.ts';
import {
  completeness,
  lonelinessChange,
  outcomeDistribution,
  outcomes,
  outcomesByGroup,
} from './datasets/outcomes.ts';
import {
  byReason,
  byRoute,
  bySnomed,
  funnel,
  peopleReferred,
  referrals,
  waits,
  waitsOverFourWeeks,
} from './datasets/referrals.ts';
import { gpSocialPrescribingAppointments } from './datasets/gp-appointments.ts';
import { registeredPatients } from './datasets/registered-patients.ts';
import { supportOffered, supportVsNeeds } from './datasets/support.ts';
import { targets } from './datasets/targets.ts';
import { capacityByPcn, workforce } from './datasets/workforce.ts';
import { workforceByArea } from './datasets/workforce-by-area.ts';

/**
 * Every dataset the dashboard shows and the API serves, keyed by id, in catalogue order (/api/v1
 * lists them so). One file per subject under datasets/; this is the one list. Pages name a dataset
 * by its key, so a misspelt id is a type error (`DatasetId`); each key must equal its dataset's
 * `id` (checked below, on import).
 */
export const CATALOGUE = {
  referrals,
  'people-referred': peopleReferred,
  'referrals-by-route': byRoute,
  'referrals-by-reason': byReason,
  'referrals-by-snomed': bySnomed,
  'referral-funnel': funnel,
  'referral-waits': waits,
  'referral-waits-over-4-weeks': waitsOverFourWeeks,
  'referral-backlog': referralBacklog,
  'support-vs-needs': supportVsNeeds,
  'support-offered': supportOffered,
  workforce,
  'workforce-by-area': workforceByArea,
  'capacity-by-pcn': capacityByPcn,
  'capacity-projection': capacityProjection,
  'demand-supply': demandSupply,
  'gp-social-prescribing-appointments': gpSocialPrescribingAppointments,
  outcomes,
  'outcome-distribution': outcomeDistribution,
  'outcomes-by-group': outcomesByGroup,
  'outcome-completeness': completeness,
  'loneliness-paired': lonelinessPaired,
  loneliness,
  'loneliness-change': lonelinessChange,
  'healthcare-use': healthcareUse,
  'healthcare-use-by-group': healthcareUseByGroup,
  'healthcare-use-event-study': healthcareUseMonthly,
  'sp-activity-context': spActivityContext,
  equity,
  inequality,
  'access-by-deprivation': accessByDeprivation,
  'access-by-ethnicity': accessByEthnicity,
  'access-inequality': accessInequalityDataset,
  compare,
  'registered-patients': registeredPatients,
  targets,
  'data-quality': dqLoads,
  'dq-rejects': dqRejects,
  'dq-completeness': dqCompleteness,
  'dq-completeness-by-pcn': dqCompletenessByPcn,
  'dq-snomed': dqCodes,
  'dq-orphans': dqOrphans,
  areas,
} as const satisfies Record<string, Dataset>;

export type DatasetId = keyof typeof CATALOGUE;

/** The datasets in catalogue order. */
export const DATASETS: readonly Dataset[] = Object.values(CATALOGUE);

for (const [key, d] of Object.entries(CATALOGUE)) {
  if (key !== d.id) throw new Error(`catalogue key ${key} names dataset ${d.id}`);
}

/** The dataset with this id, or undefined (the API's path parameter is any string). */
export const findDataset = (id: string): Dataset | undefined =>
  Object.hasOwn(CATALOGUE, id) ? CATALOGUE[id as DatasetId] : undefined;
