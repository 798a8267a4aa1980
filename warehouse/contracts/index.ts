import type { ExtractContract } from './contract.ts';
import { gpActivity } from './gp-activity.ts';
import { referrals } from './referrals.ts';
import {
  refCcgIcb,
  refCensusEthnicGroup,
  refGpadAreas,
  refGpadNational,
  refLsoaCcg,
  refImd,
  refListSizes,
  refLsoa2011To2021,
  refPractices,
  refSnomed,
  refSubIcbPatients,
  refSwemwbs,
} from './reference.ts';
import { supportOffered } from './support-offered.ts';
import { targets } from './targets.ts';
import { wellbeingScores } from './wellbeing-scores.ts';
import { workforceLocal } from './workforce-local.ts';
import { workforceNhsd } from './workforce-nhsd.ts';

/**
 * Every extract the loader accepts. Reference data comes first: extracts are checked against it
 * (practice codes, LSOAs), so a folder holding both loads in this order.
 */
export const CONTRACTS: ExtractContract[] = [
  refPractices,
  refListSizes,
  refImd,
  refLsoa2011To2021,
  refSubIcbPatients,
  refCcgIcb,
  refSnomed,
  refSwemwbs,
  refCensusEthnicGroup,
  refLsoaCcg,
  refGpadNational,
  refGpadAreas,
  targets,
  referrals,
  supportOffered,
  wellbeingScores,
  workforceLocal,
  workforceNhsd,
  gpActivity,
];

export type { ContractRule, ExtractContract } from './contract.ts';
