/**
 * Threshold alerts a programme manager sets (issue 16): pure rules over released rows, so the CLI
 * (`spo alerts`) and any page read them the same way. Each rule names its threshold; an alert says
 * which area, what was found and against what.
 */
import type { Row } from './table.ts';

export interface AlertRules {
  /**
   * Behind the trajectory: an area more than this many FTE short of its share of the trajectory
   * now whose own trend does not reach it within the projection's 24 months. null: not checked.
   */
  behindFte: number | null;
  /** Waits: the share (0–1) of accepted referrals waiting over 28 days above which to alert. */
  waitsOver: number | null;
  /**
   * The areas the alerts watch (`E`, `REGION:Y63`, `ICB:QHM` …), chosen by the user within what
   * they may see; absent: the user's default areas (England, or an ICB user's own ICBs).
   */
  areas?: string[];
}

export interface Alert {
  area: string;
  rule: 'behind-trajectory' | 'waits-over-28-days';
  message: string;
}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7));

const f1 = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Rows of `capacity-projection` that are behind the trajectory, by the rule's FTE gap. */
export function behindTrajectory(rows: Row[], behindFte: number): Alert[] {
  if (!Number.isFinite(behindFte) || behindFte < 0)
    throw new Error(`behindTrajectory: behindFte must be a number of FTE ≥ 0, got ${behindFte}`);
  return rows.flatMap((r) => {
    const needed = r.fte_needed_now;
    if (typeof needed !== 'number' || needed <= behindFte) return [];
    const reach = String(r.reaches_trajectory);
    const last = String(r.last_month);
    // a reach month within the 24 months projected is not "behind": the trend gets there
    if (/^\d{4}-\d{2}$/.test(reach) && monthsBetween(last, reach) <= 24) return [];
    const when =
      reach === 'not at this trend'
        ? 'its trend does not reach it'
        : /^\d{4}-\d{2}$/.test(reach)
          ? `its trend reaches it only in ${reach}`
          : `there is no trend to project (${reach})`;
    return [
      {
        area: `${r.name} (${r.level === 'E' ? 'England' : `${r.level}:${r.code}`})`,
        rule: 'behind-trajectory' as const,
        message: `${f1(needed)} FTE short of its share of the trajectory in ${last} (${f1(Number(r.fte))} against ${f1(Number(r.target_now))}), and ${when}`,
      },
    ];
  });
}

/** The `referral-waits-over-4-weeks` row of an area, if its share over 28 days exceeds the rule's. */
export function waitsOver(area: string, row: Row | undefined, share: number): Alert[] {
  if (!Number.isFinite(share) || share < 0 || share > 1)
    throw new Error(`waitsOver: share must be between 0 and 1, got ${share}`);
  const shown = row?.share;
  if (typeof shown !== 'number' || shown <= share) return [];
  return [
    {
      area,
      rule: 'waits-over-28-days',
      message: `${Math.round(shown * 100)}% of accepted referrals waited or are waiting over 28 days for a first contact (${row!.over} of ${row!.referrals}), above ${Math.round(share * 100)}%`,
    },
  ];
}
