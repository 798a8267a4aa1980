import { resolve } from 'node:path';
import { buildNotebooks } from '../../../notebooks/lib/build.ts';
import { NOTEBOOKS } from '../../../notebooks/index.ts';
import { builtFor, describeBuiltFor, notebooksDir } from '../../../src/lib/server/notebook-build.ts';
import { runOrWithhold } from '../../../src/lib/server/run-dataset.ts';
import { snapshotInfo } from '../../../src/lib/server/snapshot-info.ts';
import type { Scope } from '../../../src/lib/server/scope.ts';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { currentSnapshot } from '../../../pipelines/publish/publish.ts';
import { parse } from '../args.ts';
import { scopeHelp, scopeOption } from '../scope-option.ts';
import { snapshotsOf } from '../../../src/lib/server/snapshot.ts';

export const notebooksHelp = `spo notebooks [--role ROLE [--icb CODES]] [--out DIR] [--db FILE] [--json]
  Builds the analyst notebooks in notebooks/ from the published snapshot, every figure read through
  the dashboard's datasets (the API's figures, under the same disclosure control and SPO_DISCLOSURE_*
  settings), into notebooks/ beside the warehouse, where the dashboard serves them at /notebooks/
  to readers of the role they were built for (and to admins).
  ${scopeHelp}`;

export { notebooksDir };

/** Builds the notebooks for a warehouse's current snapshot; used by spo notebooks and spo watch. */
export async function runNotebooks(options: { db?: string; out?: string; scope?: Scope }) {
  const warehouse = warehouseFile(options.db);
  if (!(await currentSnapshot(warehouse)))
    throw new Error(`nothing is published for ${warehouse} yet: run  spo load DIR  (or  spo demo) first`);
  const scope = options.scope ?? scopeOption(undefined, undefined, 'notebooks');
  const snapshots = snapshotsOf(warehouse);
  const info = await snapshots.use(async (s) => ({ ...(await snapshotInfo(s)), snapshot: s.name }));
  const built = builtFor(scope);
  return buildNotebooks({
    read: (id, filters) => runOrWithhold(id, filters, scope),
    meta: {
      dataAsOf: info.dataAsOf,
      publishedAt: info.publishedAt,
      snapshot: info.snapshot,
      audience: describeBuiltFor(built),
    },
    builtFor: built,
    out: resolve(options.out ?? notebooksDir(warehouse)),
    notebooks: NOTEBOOKS,
  });
}

export async function notebooksCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    out: { type: 'string' },
    role: { type: 'string' },
    icb: { type: 'string' },
    json: { type: 'boolean' },
  });
  const scope = scopeOption(values.role, values.icb, 'notebooks');
  const report = await runNotebooks({ db: values.db, out: values.out, scope });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  for (const n of report.notebooks)
    process.stdout.write(`built  ${n.title}: ${n.tables} tables, ${n.figures} figures → ${n.file}\n`);
  process.stdout.write(
    `data as of ${report.meta.dataAsOf ?? 'no loads'} (${report.meta.snapshot}), figures for ${report.meta.audience}; open them from the dashboard at /notebooks/\n`,
  );
  return 0;
}
