import { formatArea } from '../../../src/lib/area.ts';
import { behindTrajectory, waitsOver, type Alert } from '../../../src/lib/alerts.ts';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { ParamError } from '../../../src/lib/server/errors.ts';
import { parseFilters } from '../../../src/lib/server/filters.ts';
import { runDataset } from '../../../src/lib/server/run-dataset.ts';
import { parse, UsageError } from '../args.ts';
import { scopeHelp, scopeOption } from '../scope-option.ts';
import { snapshotsOf } from '../../../src/lib/server/snapshot.ts';

export const alertsHelp = `spo alerts [--area A[,A…]] [--behind FTE] [--waits-over PERCENT] [--from M] [--to M] [--role ROLE [--icb CODES]] [--json] [--db FILE]
  Threshold alerts from the published snapshot, as the role sees it: --behind FTE (default 0) lists
  the area and the areas one level down that are more than FTE short of their share of the link-worker
  trajectory now and whose own trend does not reach it within 24 months (capacity-projection);
  --waits-over PERCENT lists areas where more than PERCENT % of accepted referrals waited or are
  waiting over 28 days for a first contact. Areas default to England, or an ICB user's ICBs.
  Exit 0 with no alerts, 3 with alerts. ${scopeHelp}`;

export async function alertsCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    area: { type: 'string' },
    behind: { type: 'string' },
    'waits-over': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    role: { type: 'string' },
    icb: { type: 'string' },
    json: { type: 'boolean' },
  });
  const scope = scopeOption(values.role, values.icb, 'alerts');
  const behind = values.behind === undefined ? 0 : Number(values.behind);
  if (!Number.isFinite(behind) || behind < 0)
    throw new UsageError(`--behind must be a number of FTE ≥ 0, got ${values.behind}`);
  const waits = values['waits-over'] === undefined ? null : Number(values['waits-over']);
  if (waits !== null && (!Number.isFinite(waits) || waits < 0 || waits > 100))
    throw new UsageError(`--waits-over must be a percentage 0–100, got ${values['waits-over']}`);
  const areas = values.area
    ? values.area.split(',').map((a) => a.trim())
    : scope.role === 'icb' && scope.icbs
      ? scope.icbs.map((c) => `ICB:${c}`)
      : ['E'];
  snapshotsOf(warehouseFile(values.db));
  const alerts: Alert[] = [];
  for (const area of areas) {
    const params = new URLSearchParams({ area });
    if (values.from) params.set('from', values.from);
    if (values.to) params.set('to', values.to);
    let filters;
    try {
      filters = parseFilters(params);
    } catch (e) {
      if (e instanceof ParamError) throw new UsageError(`--${e.parameter} ${e.value}: ${e.message}`);
      throw e;
    }
    const projection = await runDataset('capacity-projection', filters, scope);
    alerts.push(...behindTrajectory(projection.rows, behind));
    if (waits !== null) {
      const table = await runDataset('referral-waits-over-4-weeks', filters, scope);
      alerts.push(
        ...waitsOver(`${projection.area.name} (${formatArea(filters.area)})`, table.rows[0], waits / 100),
      );
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ alerts }, null, 2)}\n`);
  else if (!alerts.length) process.stdout.write('no alerts\n');
  else for (const a of alerts) process.stdout.write(`${a.rule}  ${a.area}: ${a.message}\n`);
  return alerts.length ? 3 : 0;
}
