import type { BuildReport } from '../../pipelines/model/build.ts';

/**
 * One line saying what a build did: every model rebuilt, or how many by key (referrals, or the
 * months of the marts kept by month) and how many left.
 */
export function describeBuild(report: BuildReport): string {
  const months = Math.max(0, ...report.byMonth.map((m) => m.months));
  const byMonth = report.byMonth.length > 0 ? `, ${report.byMonth.length} marts in ≤ ${months} months` : '';
  const what = report.full
    ? `rebuilt all ${report.models} models${report.fullBecause ? `, since ${report.fullBecause}` : ''}`
    : `rebuilt ${report.rebuilt}, updated ${report.incremental} by key (${report.affectedKeys} referrals${byMonth}) and left ${report.skipped} of ${report.models} models`;
  return `${what} (${report.contractsChecked} checked against their contracts), ${report.testsPassed} data tests passed`;
}
