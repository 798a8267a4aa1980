import { resolve } from 'node:path';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { exportParquet } from '../../../pipelines/export/export-parquet.ts';
import { parse, UsageError } from '../args.ts';

export const exportHelp = `spo export --format parquet --out DIR [--replace] [--db FILE] [--json]
  Writes the published snapshot's marts as Hive-partitioned Parquet (by financial year of the
  month and by ICB where a mart has them) with a manifest.json, for engines that run on many
  machines (DuckLake, Trino, Spark). Reads the snapshot, never the live warehouse.`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if ((values.format ?? 'parquet') !== 'parquet') {
    throw new UsageError(`--format ${values.format} is not offered: only parquet`);
  }
  if (!values.out) throw new UsageError('give the folder to write to: --out DIR');
  const manifest = await exportParquet(warehouseFile(values.db), resolve(values.out), {
    replace: values.replace,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(manifest)}\n`);
  } else {
    for (const t of manifest.tables) {
      const by = t.partitionedBy.length ? ` (by ${t.partitionedBy.join(', ')}, ${t.files} files)` : '';
      process.stdout.write(`  ${t.name.padEnd(32)} ${String(t.rows).padStart(10)} rows${by}\n`);
    }
    process.stdout.write(
      `exported ${manifest.snapshot} (data as of ${manifest.dataAsOf ?? 'no loads'}) to ${resolve(values.out)}\n`,
    );
  }
  return 0;
}
