/**
 * What a user may see. Issue 5 adds roles; until then everyone sees all of England. The dataset
 * registry is the one place a scope is applied: every query is restricted to PCNs in these ICBs.
 */
export interface Scope {
  /** ICB ODS codes the user may see; null = all of England */
  icbs: string[] | null;
}

export const FULL_SCOPE: Scope = { icbs: null };
