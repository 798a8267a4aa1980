import type { DatasetId } from '../../../src/lib/server/catalogue.ts';
import { resolve } from 'node:path';
import { toCsv } from '../../../src/lib/format/cells.ts';
import { ADMIN_PATHS } from '../../../src/lib/server/auth/handle.ts';
import { disclosureSettings } from '../../../src/lib/server/release/settings.ts';
import { formatArea } from '../../../src/lib/area.ts';
import { ParamError } from '../../../src/lib/server/errors.ts';
import { parseFilters } from '../../../src/lib/server/filters.ts';
import { builtFor, describeBuiltFor } from '../../../src/lib/server/notebook-build.ts';
import { DATASETS } from '../../../src/lib/server/catalogue.ts';
import { runDataset } from '../../../src/lib/server/run-dataset.ts';
import { ScopeError } from '../../../src/lib/server/errors.ts';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { exportSnapshot } from '../../../pipelines/export/export.ts';
import { parse, UsageError } from '../args.ts';
import { scopeHelp, scopeOption } from '../scope-option.ts';
import { snapshotsOf } from '../../../src/lib/server/snapshot.ts';

export const exportHelp = `spo export --out DIR [--format parquet|csv] [--area AREA] [--from YYYY-MM] [--to YYYY-MM]
           [--role ROLE [--icb CODES]] [--restricted] [--replace] [--db FILE] [--json]
  Writes the published snapshot's datasets as the dashboard's API gives them — disclosure-controlled,
  for one role's view, an area (default E) and period (default: the 12 months to the latest) — one
  file each in DIR/datasets/, with a manifest.json of what each holds. --restricted also writes the
  marts as the warehouse holds them (unrounded, some near one row per person) as Hive-partitioned
  Parquet in DIR/restricted/, says so on standard error, and marks them restricted in the manifest.
  ${scopeHelp}`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    area: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    role: { type: 'string' },
    icb: { type: 'string' },
    restricted: { type: 'boolean' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const format = values.format ?? 'parquet';
  if (format !== 'parquet' && format !== 'csv')
    throw new UsageError(`--format ${values.format} is not offered: parquet or csv`);
  if (!values.out) throw new UsageError('give the folder to write to: --out DIR');
  const scope = scopeOption(values.role, values.icb, 'export');
  const params = new URLSearchParams();
  for (const k of ['area', 'from', 'to'] as const) if (values[k]) params.set(k, values[k]);
  let filters;
  try {
    filters = parseFilters(params);
  } catch (e) {
    if (e instanceof ParamError) throw new UsageError(`--${e.parameter} ${e.value}: ${e.message}`);
    throw e;
  }
  const warehouse = warehouseFile(values.db);
  snapshotsOf(warehouse);
  if (values.restricted)
    process.stderr.write(
      'spo export: warning: --restricted writes the marts as the warehouse holds them, counts unrounded and some near one row per person; they are not disclosure-controlled. Keep them under your data-sharing agreement and never publish them.\n',
    );
  const built = builtFor(scope);
  const manifest = await exportSnapshot(warehouse, resolve(values.out), {
    format,
    restricted: values.restricted,
    replace: values.replace,
    about: {
      builtFor: built,
      audience: describeBuiltFor(built),
      area: formatArea(filters.area),
      disclosure: disclosureSettings(),
    },
    datasets: {
      datasets: DATASETS.map((d) => ({ id: d.id, description: d.description })),
      read: (id) => runDataset(id as DatasetId, filters, scope),
      // the API's own rule for what only administrators may ask for
      refused: (id) =>
        !scope.admin && ADMIN_PATHS.some((p) => p.test(`/api/v1/${id}`)) ? 'for administrators only' : null,
      refusal: (e) => (e instanceof ScopeError ? e.message : null),
      toCsv,
    },
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(manifest)}\n`);
    return 0;
  }
  for (const t of manifest.tables) {
    const by = t.partitionedBy?.length ? ` (by ${t.partitionedBy.join(', ')}, ${t.files} files)` : '';
    process.stdout.write(
      `  ${(t.restricted ? 'RESTRICTED ' : '') + t.name}`.padEnd(40) +
        `${String(t.rows).padStart(10)} rows${by}\n`,
    );
  }
  for (const s of manifest.skipped) process.stdout.write(`  not exported: ${s.dataset} (${s.reason})\n`);
  process.stdout.write(
    `exported ${manifest.snapshot} (data as of ${manifest.dataAsOf ?? 'no loads'}), figures for ${manifest.audience}, to ${resolve(values.out)}\n`,
  );
  return 0;
}
