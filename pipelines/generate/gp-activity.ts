import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_WINDOWS,
  MONTHS_PER_QUARTER,
  windowsOfMonths,
  type ActivityWindows,
} from '../../src/lib/stats/difference-in-differences.ts';
import { columnsOf } from '../../warehouse/contracts/columns-of.ts';
import {
  ACTIVITY_MEASURES,
  ACTIVITY_SPAN_MONTHS,
  gpActivity,
} from '../../warehouse/contracts/gp-activity.ts';
import type { Database } from '../db/database.ts';
import type { GeneratedFile } from './generate.ts';

/**
 * The generator's gp_activity extract (issue 15): for a sample of the people referred, and one
 * matched comparison person each, counts per month from 12 before to 12 after the index month (up
 * to the period's last month, as a secure data environment extracts to its data date).
 *
 * The model, so the method has something true to find:
 * - need: each person has a latent rate per measure, median × exp(0.5·z) (lognormal), the same z
 *   for all three measures; a comparison is matched on it (its own rate the referred person's ×
 *   exp(0.2·z′ − 0.02), mean-preserving);
 * - regression to the mean: people are referred at a peak of need, and comparisons matched on
 *   recent use share it: the rate is × 1.25 in months −6…−4, × 2 in −3…−1 and × 2.5 in the index
 *   month, then back to × 1, so the referred group's own before–after change falls a lot whatever
 *   social prescribing does;
 * - the planted effect: after the index month the referred person's rate is × (1 − f), f per
 *   measure below. Its expected size per person per quarter is −3·f·E[rate] = −3·f·median·e^0.125,
 *   written to manifest.json with the uncontrolled change one should expect instead, for every
 *   window a build may use (the uncontrolled change depends on how much of the peak the before
 *   window holds).
 * Counts are Poisson draws from a seeded generator (mulberry32), so the same seed gives the same file.
 */
const MODEL = {
  gp_appointments: { median: 1.0, reduction: 0.33 },
  ae_attendances: { median: 0.05, reduction: 0.2 },
  emergency_admissions: { median: 0.02, reduction: 0 },
} as const satisfies Record<(typeof ACTIVITY_MEASURES)[number], { median: number; reduction: number }>;

const SIGMA = 0.5;
const MATCH_SIGMA = 0.2;
/** People referred in the extract at most: enough for a tight national interval, small enough to load fast. */
const MAX_REFERRED = 3000;

/** The rate multiplier of a month relative to the index month: the peak people are referred at. */
export function peak(relativeMonth: number): number {
  if (relativeMonth === 0) return 2.5;
  if (relativeMonth >= -3 && relativeMonth <= -1) return 2;
  if (relativeMonth >= -6 && relativeMonth <= -4) return 1.25;
  return 1;
}

/** Mean of the peak over a window (months inclusive). */
const meanPeak = ([first, last]: readonly [number, number]) => {
  let s = 0;
  for (let m = first; m <= last; m++) s += peak(m);
  return s / (last - first + 1);
};

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A Poisson draw (Knuth): the rates here are small. */
function poisson(lambda: number, u: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = u();
  while (p > limit) {
    k++;
    p *= u();
  }
  return k;
}

const addMonths = (ym: string, k: number) => {
  const total = Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1 + k;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

/**
 * The window lengths a build may use (SPO_HCU_WINDOW_MONTHS, src/lib/config/settings.ts: 4–12; the
 * config layer cannot import this, so tests/pipelines/gp-activity-generate.test.ts checks the two agree).
 */
export const WINDOW_MONTHS_ALLOWED = [4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** The planted truth for one window: what the estimate and the uncontrolled change should find. */
export interface PlantedTruth {
  windows: ActivityWindows;
  /** Expected difference-in-differences per person per quarter, per measure (the planted effect). */
  plantedPerPersonPerQuarter: Record<string, number>;
  /** Expected uncontrolled before–after change of the referred per person per quarter (effect + regression to the mean). */
  expectedNaivePerPersonPerQuarter: Record<string, number>;
}

export interface GpActivityManifest extends PlantedTruth {
  file: string;
  peopleReferred: number;
  peopleComparison: number;
  model: string;
  /**
   * The planted truth for every window a build may use (keyed by its months, "4"…"12"): the
   * regression to the mean in the uncontrolled change depends on the window; the top-level
   * figures are those of the default window (6 months).
   */
  byWindowMonths: Record<string, PlantedTruth>;
}

const meanRate = (median: number) => median * Math.exp((SIGMA * SIGMA) / 2);

/**
 * What the model plants, in expectation, for one window: the comparison shares the peak of need
 * and (mean-preserving match noise) the referred person's rate, so the difference-in-differences is
 * −3 × reduction × E[rate] × mean peak after; the referred cohort's own change adds the fall from
 * the peak, 3 × E[rate] × ((1 − reduction) × mean peak after − mean peak before).
 */
export function plantedTruth(windows: ActivityWindows): PlantedTruth {
  const before = meanPeak(windows.before);
  const after = meanPeak(windows.after);
  const measures = Object.entries(MODEL);
  return {
    windows,
    plantedPerPersonPerQuarter: Object.fromEntries(
      measures.map(([m, p]) => [m, -MONTHS_PER_QUARTER * p.reduction * meanRate(p.median) * after]),
    ),
    expectedNaivePerPersonPerQuarter: Object.fromEntries(
      measures.map(([m, p]) => [
        m,
        MONTHS_PER_QUARTER * meanRate(p.median) * ((1 - p.reduction) * after - before),
      ]),
    ),
  };
}

/**
 * Writes gp_activity_<from>_<last>.csv into `outDir` from the referrals already generated in `db`
 * (`referrals_truth`), and says what it planted.
 */
export async function writeGpActivity(
  db: Database,
  o: { outDir: string; seed: number; from: string; months: number; messy: boolean },
): Promise<{ generated: GeneratedFile; period: string | null; manifest: GpActivityManifest }> {
  const last = addMonths(o.from, o.months - 1);
  const referred = await db.all<{
    i: number;
    person_pseudonym: string;
    practice_code: string;
    referral_date: string;
  }>(
    `select i::DOUBLE as i, person_pseudonym, practice_code, strftime(referral_date, '%Y-%m-%d') as referral_date
     from referrals_truth where not declined
     qualify row_number() over (partition by person_pseudonym order by i) = 1
     order by u(i, 'gp_activity') limit ${MAX_REFERRED}`,
  );
  referred.sort((a, b) => a.i - b.i);
  const u = mulberry32(o.seed * 2654435761 + 15);
  const header = columnsOf(gpActivity).map((c) => c.name);
  const line = (row: Record<string, string | number>) => header.map((h) => row[h]).join(',');
  const lines: string[] = [header.join(',')];
  let period: [string, string] | null = null;
  let bad = 0;
  for (const [n, r] of referred.entries()) {
    const need = normal(u);
    const matchNoise = MATCH_SIGMA * normal(u) - (MATCH_SIGMA * MATCH_SIGMA) / 2;
    const match = `M${String(r.i + 1).padStart(8, '0')}`;
    const indexMonth = r.referral_date.slice(0, 7);
    if (!period) period = [indexMonth, indexMonth];
    period = [
      indexMonth < period[0] ? indexMonth : period[0],
      indexMonth > period[1] ? indexMonth : period[1],
    ];
    const cohorts = [
      { id: r.person_pseudonym, cohort: 'referred', scale: 1 },
      { id: `C${r.person_pseudonym.slice(1)}`, cohort: 'comparison', scale: Math.exp(matchNoise) },
    ];
    // the mess of real deliveries: now and then an extra row for a month outside the 25 around
    // the index month (rejected, with its reason); the person's real months are untouched
    if (o.messy && n % 500 === 7) {
      const month = addMonths(indexMonth, -ACTIVITY_SPAN_MONTHS - 1);
      lines.push(
        line({
          person_pseudonym: r.person_pseudonym,
          practice_code: r.practice_code,
          cohort: 'referred',
          index_date: r.referral_date,
          month,
          gp_appointments: 1,
          ae_attendances: 0,
          emergency_admissions: 0,
          match_id: match,
        }),
      );
      bad++;
    }
    for (const c of cohorts) {
      for (let k = -ACTIVITY_SPAN_MONTHS; k <= ACTIVITY_SPAN_MONTHS; k++) {
        const month = addMonths(indexMonth, k);
        const counts = ACTIVITY_MEASURES.map((measure) => {
          const { median, reduction } = MODEL[measure];
          const effect = c.cohort === 'referred' && k > 0 ? 1 - reduction : 1;
          return poisson(median * Math.exp(SIGMA * need) * c.scale * peak(k) * effect, u);
        });
        // draws are made for every month, written only up to the data's last month and when not all 0
        if (month > last || counts.every((n) => n === 0)) continue;
        const row: Record<string, string | number> = {
          person_pseudonym: c.id,
          practice_code: r.practice_code,
          cohort: c.cohort,
          index_date: r.referral_date,
          month,
          gp_appointments: counts[0],
          ae_attendances: counts[1],
          emergency_admissions: counts[2],
          match_id: match,
        };
        lines.push(line(row));
      }
    }
  }
  const file = `gp_activity_${o.from}_${last}.csv`;
  await writeFile(join(o.outDir, file), `${lines.join('\n')}\n`);
  return {
    generated: {
      file,
      extract: gpActivity.id,
      expectedStatus: 'loaded',
      rows: lines.length - 1,
      expectedRejects: bad,
      note: `health-care use of a sample of the people referred and a matched comparison each (issue 15)${bad ? `; ${bad} rows for a month outside the 25 around the index month` : ''}`,
    },
    period: period && (period[0] === period[1] ? period[0] : `${period[0]}..${period[1]}`),
    manifest: {
      file,
      peopleReferred: referred.length,
      peopleComparison: referred.length,
      model:
        'latent need lognormal (σ 0.5), comparisons matched on it; a peak of need around referral (× 1.25 in −6…−4, × 2 in −3…−1, × 2.5 in the index month) in both cohorts: regression to the mean; the referred cohort’s rate × (1 − reduction) after the index month',
      ...plantedTruth(DEFAULT_WINDOWS),
      byWindowMonths: Object.fromEntries(
        WINDOW_MONTHS_ALLOWED.map((w) => [String(w), plantedTruth(windowsOfMonths(w))]),
      ),
    },
  };
}
