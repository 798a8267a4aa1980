/**
 * The commissioner pack's Health-care use page, as printed (issue 15): the PDF the running
 * dashboard renders (tests/e2e/global-setup.ts) is read back with pdftotext, and every figure the
 * page states for the area and period — the estimate, its interval and the uncontrolled change per
 * measure, each group's estimate, and the national context — is the one /api/v1 gives for the same
 * area and period. The expected text is built here from the API's JSON with the page's number
 * format (en-GB, one decimal, a true minus sign), not from the page's code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
const admin = { authorization: `Bearer ${inject('adminToken')}`, 'x-forwarded-proto': 'http' };
const AREA = 'ICB:QHM';
const RANGE = 'from=2024-04&to=2025-03';

type Row = Record<string, string | number | null>;
const api = async (dataset: string) => {
  const res = await fetch(`${base}/api/v1/${dataset}?area=${AREA}&${RANGE}`, { headers: admin });
  expect(res.status, dataset).toBe(200);
  return ((await res.json()) as { rows: Row[] }).rows;
};

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const fixed = (v: number, digits: number) =>
  v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const whole = (v: unknown) => (typeof v === 'number' ? fixed(v, 0) : '[x]');
/** −1.2 / +0.4 / 0.0 as the page writes a change; a withheld value is [c] */
const signed = (v: unknown) => {
  const x = num(v);
  return x === null ? '[c]' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${fixed(Math.abs(x), 1)}`;
};

let dir: string;
/**
 * The Health-care use page of the PDF with all whitespace removed: pdftotext -raw keeps the text in
 * the order Chromium wrote it (the page's order; -layout interleaves the print's two columns), and
 * a line may break anywhere, so text is compared without whitespace (`has`).
 */
let page: string;
const squeeze = (s: string) => s.replace(/\s+/g, '');
const has = (text: string) => expect(page).toContain(squeeze(text));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-pack-hcu-'));
  const res = await fetch(`${base}/pack?area=${AREA}&${RANGE}`, { headers: admin });
  expect(res.status).toBe(200);
  const file = join(dir, 'pack.pdf');
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  const flat = squeeze(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
  // from the page's lede to the next page's (Equity follows it in the pack)
  const start = flat.indexOf(squeeze('Does social prescribing ease pressure on GPs and hospitals?'));
  const end = flat.indexOf(squeeze('Who is referred and who benefits'), start);
  expect(start, 'the Health-care use page is in the pack').toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  page = flat.slice(start, end);
}, 300_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the pack’s Health-care use page', () => {
  it('prints each measure’s estimate, interval and uncontrolled change as the API gives them', async () => {
    const rows = await api('healthcare-use');
    expect(rows.map((r) => r.measure)).toEqual(['gp_appointments', 'ae_attendances', 'emergency_admissions']);
    const gp = rows[0];
    // enough people in QHM's year for an estimate, so the test reads figures, not [c]
    expect(num(gp.did_per_person_per_quarter)).not.toBeNull();
    const names: Record<string, string> = {
      gp_appointments: 'GP appointments',
      ae_attendances: 'A&E attendances',
      emergency_admissions: 'Emergency admissions',
    };
    for (const r of rows)
      has(
        `${names[String(r.measure)]}: ${whole(r.people_referred)} people referred and ${whole(r.people_comparison)} matched comparison people; change against the comparison ${signed(r.did_per_person_per_quarter)} per person per quarter (95% CI ${signed(r.lower)} to ${signed(r.upper)}; ` +
          `per 1,000 people a year ${signed(num(r.did_per_person_per_quarter) === null ? null : (r.did_per_person_per_quarter as number) * 4000)}); uncontrolled before–after change ${signed(r.naive_per_person_per_quarter)} (95% CI ${signed(r.naive_lower)} to ${signed(r.naive_upper)}).`,
      );
    // the headline: the GP estimate's interval and the uncontrolled change
    has(
      `(95% CI ${signed(gp.lower)} to ${signed(gp.upper)}); uncontrolled, their use fell by ${signed(gp.naive_per_person_per_quarter)}`,
    );
  });

  it('prints each group’s GP estimate the API gives, and no group the API withholds', async () => {
    const rows = (await api('healthcare-use-by-group')).filter((r) => r.measure === 'gp_appointments');
    expect(rows.some((r) => r.group_type === 'imd_quintile')).toBe(true);
    expect(rows.some((r) => r.group_type === 'referral_reason')).toBe(true);
    const shown = rows.filter((r) => num(r.did_per_person_per_quarter) !== null);
    for (const r of shown)
      has(
        `${signed(r.did_per_person_per_quarter)} GP appointments per person per quarter against the comparison (95% CI ${signed(r.lower)} to ${signed(r.upper)}; ${whole(r.people_referred)} referred, ${whole(r.people_comparison)} comparison; uncontrolled ${signed(r.naive_per_person_per_quarter)})`,
      );
    // one sentence per group shown, none for a group withheld
    expect(
      page.split(squeeze('GP appointments per person per quarter against the comparison (95% CI')).length - 1,
    ).toBe(shown.length);
    const withheld = rows.length - shown.length;
    if (withheld) has(`${whole(withheld)} groups have too few people to show`);
  });

  it('prints the area’s referrals per 1,000 patients beside England’s GP social prescribing appointments, saying only England’s is published', async () => {
    const rows = await api('sp-activity-context');
    // April 2024 – March 2025: NHS England publishes ICB figures for May 2025 only
    expect(rows.length).toBe(12);
    expect(new Set(rows.map((r) => r.sp_appointments_area))).toEqual(new Set(['England']));
    const last = [...rows]
      .reverse()
      .find((r) => num(r.referrals_per_1000) !== null && num(r.sp_appointments_per_1000) !== null)!;
    has(
      `${fixed(last.referrals_per_1000 as number, 2)} referrals to link workers per 1,000 patients in ${String(last.month)}, beside ${fixed(last.sp_appointments_per_1000 as number, 2)} GP social prescribing appointments per 1,000 in England`,
    );
    has('NHS England publishes this only for England each month');
  });
});
