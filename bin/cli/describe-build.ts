import type { BuildReport } from '../../pipelines/model/build.ts';

/** One line saying what a build did: every model rebuilt, or how many by key and how many left. */
export function describeBuild(report: BuildReport): string {
  const what = report.full
    ? `rebuilt all ${report.models} models`
    : `rebuilt ${report.rebuilt}, updated ${report.incremental} by key (${report.affectedKeys} referrals) and left ${report.skipped} of ${report.models} models`;
  return `${what} (${report.contractsChecked} checked against their contracts), ${report.testsPassed} data tests passed`;
}
