import type { Alert, AlertRules } from '../../../src/lib/alerts.ts';
import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { alertsFor } from '../../../src/lib/server/alerts-for.ts';
import { scopeFor, type Scope } from '../../../src/lib/server/auth/scope.ts';
import { AuthStore } from '../../../src/lib/server/auth/store.ts';
import { ParamError, ScopeError } from '../../../src/lib/server/errors.ts';
import { snapshotsOf } from '../../../src/lib/server/snapshot.ts';
import { parse, UsageError } from '../args.ts';
import { scopeHelp, scopeOption } from '../scope-option.ts';

export const alertsHelp = `spo alerts [--user NAME | [--behind FTE] [--waits-over PERCENT] [--role ROLE [--icb CODES]]] [--area A[,A…]] [--from M] [--to M] [--json] [--db FILE]
  Threshold alerts from the published snapshot, as the role sees it: --behind FTE (default 0) lists
  the area and the areas one level down that are more than FTE short of their share of the link-worker
  trajectory now and whose own trend does not reach it within 24 months (capacity-projection);
  --waits-over PERCENT lists areas where more than PERCENT % of accepted referrals waited or are
  waiting over 28 days for a first contact. Areas default to England, or an ICB user's ICBs.
  --user NAME lists the alerts that dashboard user saved (on the Alerts page), as the overview shows
  them to that user: their thresholds, the areas they chose (else their default areas), their view
  of the data. --area overrides the areas; an area outside the user's or role's scope is refused.
  Exit 0 with no alerts, 3 with alerts. ${scopeHelp}`;

/** The saved thresholds and scope of a dashboard user, from the accounts store beside the warehouse. */
function savedFor(db: string, name: string): { scope: Scope; rules: AlertRules | null } {
  const store = new AuthStore(db);
  try {
    const found = store.credentials(name);
    if (!found) throw new UsageError(`--user ${name}: no such user (spo users list shows them)`);
    return { scope: scopeFor(found.principal), rules: store.alertRules(name) };
  } finally {
    store.close();
  }
}

export async function alertsCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    db: { type: 'string' },
    user: { type: 'string' },
    area: { type: 'string' },
    behind: { type: 'string' },
    'waits-over': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    role: { type: 'string' },
    icb: { type: 'string' },
    json: { type: 'boolean' },
  });
  const db = warehouseFile(values.db);
  let scope: Scope;
  let rules: AlertRules | null;
  if (values.user !== undefined) {
    for (const flag of ['behind', 'waits-over', 'role', 'icb'] as const)
      if (values[flag] !== undefined)
        throw new UsageError(`--${flag} goes without --user: a user's alerts use the thresholds they saved`);
    ({ scope, rules } = savedFor(db, values.user.trim().toLowerCase()));
  } else {
    scope = scopeOption(values.role, values.icb, 'alerts');
    const behind = values.behind === undefined ? 0 : Number(values.behind);
    if (!Number.isFinite(behind) || behind < 0)
      throw new UsageError(`--behind must be a number of FTE ≥ 0, got ${values.behind}`);
    const waits = values['waits-over'] === undefined ? null : Number(values['waits-over']);
    if (waits !== null && (!Number.isFinite(waits) || waits < 0 || waits > 100))
      throw new UsageError(`--waits-over must be a percentage 0–100, got ${values['waits-over']}`);
    rules = { behindFte: behind, waitsOver: waits === null ? null : waits / 100 };
  }
  // --area, else (with --user) the areas the user chose on the Alerts page, else the defaults
  const areas = values.area ? values.area.split(',').map((a) => a.trim()) : undefined;
  snapshotsOf(db);
  let alerts: Alert[] = [];
  if (rules) {
    try {
      alerts = await alertsFor(scope, rules, { areas, from: values.from, to: values.to });
    } catch (e) {
      if (e instanceof ParamError) throw new UsageError(`--${e.parameter} ${e.value}: ${e.message}`);
      // an area outside the user's (or --role's) scope is refused as the dashboard refuses it
      if (e instanceof ScopeError) throw new UsageError(`--area ${values.area}: ${e.message}`);
      throw e;
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ alerts }, null, 2)}\n`);
  else if (!rules) process.stdout.write(`${values.user} has saved no alerts\n`);
  else if (!alerts.length) process.stdout.write('no alerts\n');
  else for (const a of alerts) process.stdout.write(`${a.rule}  ${a.area}: ${a.message}\n`);
  return alerts.length ? 3 : 0;
}
