/**
 * PLACEHOLDER until the stats helper's sourced RCI parameters land in src/lib/stats/instruments.ts
 * (issue 12): the internal-consistency reliability (Cronbach's α) of each instrument whose score is
 * a sum of items, for the Jacobson & Truax reliable change index. Instruments without one (single
 * items: ONS4, the ONS loneliness question, MYCaW; the licensed PAM score) get no RCI.
 * Values as published: SWEMWBS 0.84 (Stewart-Brown et al. 2009, Health Qual Life Outcomes 7:15),
 * WEMWBS 0.89 (Tennant et al. 2007, Health Qual Life Outcomes 5:63, student sample), UCLA-3 0.72
 * (Hughes et al. 2004, Res Aging 26:655), De Jong Gierveld 6-item 0.70 (lowest of 0.70–0.76, De
 * Jong Gierveld & Van Tilburg 2006, Res Aging 28:582). Replace this import with instruments.ts.
 */
export const RELIABILITY_PLACEHOLDER: Partial<Record<string, number>> = {
  SWEMWBS: 0.84,
  WEMWBS: 0.89,
  UCLA3: 0.72,
  DJG6: 0.7,
};
