import { register } from '../registry.ts';
import { areas } from './areas.ts';
import { compare } from './compare.ts';
import {
  dqCodes,
  dqCompleteness,
  dqCompletenessByPcn,
  dqLoads,
  dqOrphans,
  dqRejects,
} from './data-quality.ts';
import { equity, inequality } from './equity.ts';
import { loneliness } from './loneliness.ts';
import {
  completeness,
  lonelinessChange,
  outcomeDistribution,
  outcomes,
  outcomesByGroup,
} from './outcomes.ts';
import { byReason, byRoute, bySnomed, funnel, referrals, waits } from './referrals.ts';
import { supportOffered, supportVsNeeds } from './support.ts';
import { targets } from './targets.ts';
import { capacityByPcn, workforce } from './workforce.ts';
import { workforceByArea } from './workforce-by-area.ts';

/**
 * Every dataset the dashboard shows and the API serves, one file per subject. Queries return small
 * aggregates for the area (ctx.pcns(), which carries the user's scope) and period; the registry
 * discloses them. Registered in catalogue order: /api/v1 lists them in this order.
 */
export * from './areas.ts';
export * from './compare.ts';
export * from './data-quality.ts';
export * from './equity.ts';
export * from './loneliness.ts';
export * from './outcomes.ts';
export * from './referrals.ts';
export * from './support.ts';
export * from './targets.ts';
export * from './workforce.ts';
export * from './workforce-by-area.ts';

register(
  referrals,
  byRoute,
  byReason,
  bySnomed,
  funnel,
  waits,
  supportVsNeeds,
  supportOffered,
  workforce,
  workforceByArea,
  capacityByPcn,
  outcomes,
  outcomeDistribution,
  outcomesByGroup,
  completeness,
  loneliness,
  lonelinessChange,
  equity,
  inequality,
  compare,
  targets,
  dqLoads,
  dqRejects,
  dqCompleteness,
  dqCompletenessByPcn,
  dqCodes,
  dqOrphans,
  areas,
);
