import { INSTRUMENTS, type InstrumentId } from './instruments.ts';
import { reliableChange, weightedPairedChange, type WeightedPairedChange } from './paired.ts';

/** A row of `marts.outcome_pairs` (or any grouping of it): people with these two scores. */
export interface ScorePairs {
  instrument: string;
  higher_is_better: boolean;
  score_before: number;
  score_after: number;
  people: number;
}

/**
 * Paired change for one instrument and measure from aggregated score pairs, with the instrument's
 * meaningful change (DOMAIN.md §4) and direction. Null when there is nothing to compare: fewer than
 * two people, or every person with the same two scores (no spread, so no interval). The dashboard's
 * datasets and the notebooks both call this, so their figures agree.
 */
export function instrumentChange(pairs: ScorePairs[]): WeightedPairedChange | null {
  const people = pairs.filter((p) => p.people > 0);
  if (people.reduce((s, p) => s + p.people, 0) < 2) return null;
  const [first] = people;
  if (people.every((p) => p.score_before === first.score_before && p.score_after === first.score_after))
    return null;
  return weightedPairedChange(
    people.map((p) => ({ before: p.score_before, after: p.score_after, people: p.people })),
    {
      meaningfulChange: INSTRUMENTS[first.instrument as InstrumentId]?.meaningfulChange ?? 1,
      higherIsBetter: first.higher_is_better,
    },
  );
}

export interface InstrumentReliableChange {
  n: number;
  /** the smallest reliable change in points: 1.96 · √2 · SD · √(1 − reliability) */
  threshold: number;
  improved: number;
  unchanged: number;
  deteriorated: number;
  shareImproved: number;
  shareDeteriorated: number;
  /** the SD used: the instrument's published SD, else the baseline SD of these people */
  sd: number;
  reliability: number;
}

/**
 * Jacobson & Truax reliable change for one instrument and measure from aggregated score pairs, with
 * the instrument's reliability (and SD, where one is published) from instruments.ts: each person's
 * RCI = change / (√2 · SD · √(1 − reliability)); |RCI| > 1.96 is a reliable improvement or
 * deterioration (by the measure's direction). Null when the instrument has no published
 * reliability (single items: ONS4, the ONS question, MYCaW; PAM; De Jong Gierveld), or when the SD
 * must come from the baseline and fewer than two people, or no spread, give one.
 *
 * @example
 * instrumentReliableChange([{ instrument: 'SWEMWBS', higher_is_better: true, score_before: 19.25, score_after: 22.35, people: 4 }]);
 * // SEM 1.03 (Shah et al. 2018): threshold 1.96·√2·1.03 = 2.855 points; +3.10 is reliable: improved 4 of 4
 */
export function instrumentReliableChange(pairs: ScorePairs[]): InstrumentReliableChange | null {
  const people = pairs.filter((p) => p.people > 0);
  if (people.length === 0) return null;
  const scale = reliableChangeScale(
    people[0].instrument,
    people.map((p) => ({ score: p.score_before, people: p.people })),
  );
  if (!scale) return null;
  const { sd, reliability, threshold } = scale;
  const n = people.reduce((s, p) => s + p.people, 0);
  const r = reliableChange(
    people.map((p) => p.score_before),
    people.map((p) => p.score_after),
    { reliability, sdBefore: sd, higherIsBetter: people[0].higher_is_better },
  );
  // reliableChange counts the distinct pairs; weight each by its people
  const sign = people[0].higher_is_better ? 1 : -1;
  let improved = 0;
  let deteriorated = 0;
  r.rci.forEach((rci, i) => {
    if (sign * rci > 1.96) improved += people[i].people;
    else if (sign * rci < -1.96) deteriorated += people[i].people;
  });
  return {
    n,
    threshold,
    improved,
    unchanged: n - improved - deteriorated,
    deteriorated,
    shareImproved: improved / n,
    shareDeteriorated: deteriorated / n,
    sd,
    reliability,
  };
}

/**
 * The scale a reliable change is judged on, for an instrument and the baseline scores of the
 * people compared (each with its number of people): the instrument's reliability, the SD (its
 * published SD where the reliability was derived from one, else the baseline SD of these people)
 * and the smallest reliable change, 1.96 · √2 · SD · √(1 − reliability). Null when the instrument
 * has no published reliability, or the SD must come from fewer than two people or has no spread.
 * One definition for the statistics library and the dashboard's counts (src/lib/outcomes).
 */
export function reliableChangeScale(
  instrument: string,
  baselines: readonly { score: number; people: number }[],
): { sd: number; reliability: number; threshold: number } | null {
  const params = INSTRUMENTS[instrument as InstrumentId]?.reliableChange;
  if (!params) return null;
  let sd = params.sd;
  if (sd === undefined) {
    const n = baselines.reduce((s, b) => s + b.people, 0);
    if (n < 2) return null;
    const mean = baselines.reduce((s, b) => s + b.people * b.score, 0) / n;
    sd = Math.sqrt(baselines.reduce((s, b) => s + b.people * (b.score - mean) ** 2, 0) / (n - 1));
    if (!(sd > 0)) return null;
  }
  return {
    sd,
    reliability: params.reliability,
    threshold: 1.96 * Math.SQRT2 * sd * Math.sqrt(1 - params.reliability),
  };
}
