import { INSTRUMENTS, reliableChangeScale, type InstrumentId } from '#lib/stats/index.ts';
import type { CountedPair } from './weighted-wilcoxon.ts';

/**
 * How one person's change is judged, for an instrument and measure:
 * - meaningful: a change of at least the instrument's meaningful change (INSTRUMENTS, DOMAIN §4)
 *   in the better direction is an improvement, at least as much the other way a deterioration;
 * - reliable (Jacobson & Truax 1991): |after − before| > 1.96 × S_diff, S_diff = SD₀ √(2(1 − r)),
 *   r the instrument's reliability and SD₀ its published SD where the reliability was derived from
 *   one (SWEMWBS: Shah et al. 2018), else the SD of the baseline scores of the people compared (the
 *   pre-treatment SD of the method); null where the instrument has no reliability. The parameters
 *   and their sources are in INSTRUMENTS (src/lib/stats/instruments.ts).
 */
export interface ChangeRule {
  meaningfulChange: number;
  higherIsBetter: boolean;
  /** 1.96 × S_diff: a larger change is reliable; null when no RCI can be computed */
  reliableChange: number | null;
}

export function changeRule(instrument: string, higherIsBetter: boolean, pairs: CountedPair[]): ChangeRule {
  const def = INSTRUMENTS[instrument as InstrumentId];
  if (!def) throw new Error(`changeRule: unknown instrument ${instrument}`);
  const scale = reliableChangeScale(
    instrument,
    pairs.map((p) => ({ score: p.before, people: p.people })),
  );
  return { meaningfulChange: def.meaningfulChange, higherIsBetter, reliableChange: scale?.threshold ?? null };
}

export interface ChangeCounts {
  improved: number;
  deteriorated: number;
  reliably_improved: number | null;
  reliably_deteriorated: number | null;
}

/** People improved / deteriorated (meaningfully, and reliably) among `pairs`, by `rule`. */
export function countChanges(pairs: CountedPair[], rule: ChangeRule): ChangeCounts {
  const out: ChangeCounts = {
    improved: 0,
    deteriorated: 0,
    reliably_improved: rule.reliableChange === null ? null : 0,
    reliably_deteriorated: rule.reliableChange === null ? null : 0,
  };
  for (const p of pairs) {
    const better = (rule.higherIsBetter ? 1 : -1) * (p.after - p.before);
    if (better >= rule.meaningfulChange) out.improved += p.people;
    if (better <= -rule.meaningfulChange) out.deteriorated += p.people;
    if (rule.reliableChange !== null) {
      if (better > rule.reliableChange) out.reliably_improved! += p.people;
      if (better < -rule.reliableChange) out.reliably_deteriorated! += p.people;
    }
  }
  return out;
}
