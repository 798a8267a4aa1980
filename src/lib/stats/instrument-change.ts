import { INSTRUMENTS, type InstrumentId } from './instruments.ts';
import { weightedPairedChange, type WeightedPairedChange } from './paired.ts';

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
