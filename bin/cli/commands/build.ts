import { build } from '../../../pipelines/model/build.ts';
import { publish } from '../../../pipelines/publish/publish.ts';
import { parse } from '../args.ts';
import { describeBuild } from '../describe-build.ts';
import { openWarehouse } from '../../../pipelines/db/open-warehouse.ts';

export const buildHelp = `spo build [--db FILE] [--full]
                          Builds the models the loads since the last build changed (by key where a
                          model is incremental), checks each against its contract and runs their data
                          tests; --full rebuilds every model.
spo publish [--db FILE]   Writes the marts to a new read-only snapshot and switches the dashboard to it.`;

export async function buildCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { db: { type: 'string' }, full: { type: 'boolean' } });
  const { db } = await openWarehouse(values.db);
  try {
    const report = await build(db, { log: (m) => process.stderr.write(`${m}\n`), full: values.full });
    process.stdout.write(`${describeBuild(report)} in ${report.durationMs} ms\n`);
    return 0;
  } finally {
    db.close();
  }
}

export async function publishCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { db: { type: 'string' }, keep: { type: 'string' } });
  const { db, file } = await openWarehouse(values.db);
  try {
    const report = await publish(db, file, { keep: values.keep ? Number(values.keep) : undefined });
    const how =
      report.mode === 'updated'
        ? 'the last snapshot brought up to date'
        : `every mart written${report.reason ? `: ${report.reason}` : ''}`;
    process.stdout.write(`published ${report.snapshot} (${report.tables} tables; ${how})\n`);
    return 0;
  } finally {
    db.close();
  }
}
