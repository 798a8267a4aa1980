import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { WAREHOUSE_DIR } from '../../src/lib/config/paths.ts';
import { settings } from '../../src/lib/config/settings.ts';
import { checkColumns } from './check-columns.ts';
import { compileDataTest } from './data-tests.ts';
import { bindParams, modelParams, type ModelParams } from './model-params.ts';
import type { DataTest, ModelDefinition, MonthlySpec } from '../../warehouse/define-model.ts';
import {
  affectedMonths,
  affectedPcns,
  BUILD_MONTHS,
  recordRowMonths,
  monthPeriods,
  monthPredicate,
  monthSourcesOf,
  recordMonths,
  sourceLabel,
  type MonthSource,
} from './affected-months.ts';
import {
  changedSources,
  existingRelations,
  readBuildState,
  writeBuildState,
  type BuildState,
  type MartChange,
} from './build-state.ts';
import { BUILD_KEYS, BUILD_REFRESHED, filterToKeys } from './filter-to-keys.ts';
import { hashModel } from './hash-model.ts';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;

/** The date the extracts run to: "still waiting" and closed windows are judged at it. */
const DATA_DATE = 'intermediate.int_data_date';

export interface Model {
  layer: (typeof LAYERS)[number];
  name: string;
  relation: string;
  sql: string;
  definition?: ModelDefinition;
  /** the models it reads */
  dependsOn: string[];
  /** the landed and audit tables it reads (`raw.x`, `audit.y`): what a load changes; `main.z` untracked */
  sources: string[];
}

export interface BuildReport {
  models: number;
  /** models rebuilt whole (a full build: all of them) */
  rebuilt: number;
  /** models brought up to date by key (delete + insert of the affected referrals or months) */
  incremental: number;
  /** of those, the marts brought up to date by month, with the months (and PCNs) each one rebuilt */
  byMonth: { relation: string; months: number; pcns?: number }[];
  /** models none of whose inputs changed: not touched */
  skipped: number;
  /** referrals the incremental models were brought up to date for */
  affectedKeys: number;
  /** true when every model was rebuilt (--full, no earlier build state, or too many referrals affected) */
  full: boolean;
  /** why a build that was not asked to be full rebuilt everything (too many referrals affected) */
  fullBecause?: string;
  testsPassed: number;
  /** models whose table was checked against their contract's columns (check-columns.ts) */
  contractsChecked: number;
  durationMs: number;
}

export class DataTestFailure extends Error {}

/** Reads warehouse/<layer>/<model>.sql (and its .ts contract) for every layer. */
export async function readModels(dir = WAREHOUSE_DIR): Promise<Model[]> {
  const models: Model[] = [];
  for (const layer of LAYERS) {
    const files = await readdir(join(dir, layer)).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.sql')).sort()) {
      const name = file.slice(0, -4);
      const sql = (await readFile(join(dir, layer, file), 'utf8')).trim().replace(/;\s*$/, '');
      const contractFile = join(dir, layer, `${name}.ts`);
      const definition = files.includes(`${name}.ts`)
        ? ((await import(pathToFileURL(contractFile).href)) as { default: ModelDefinition }).default
        : undefined;
      if (definition?.materialized === 'incremental' && !definition.incremental) {
        throw new Error(
          `model ${layer}.${name} is materialized 'incremental' but its contract (${name}.ts) gives no incremental: { key, keyedInputs }`,
        );
      }
      models.push({ layer, name, relation: `${layer}.${name}`, sql, definition, dependsOn: [], sources: [] });
    }
  }
  const relations = new Set(models.map((m) => m.relation));
  for (const model of models) {
    // what the SQL reads, not what its comments mention (a comment naming a mart made it an input)
    const code = model.sql.replace(/--[^\n]*/g, '');
    const refs = code.match(/\b(staging|intermediate|marts)\.[a-z0-9_]+/g) ?? [];
    model.dependsOn = [...new Set(refs)].filter((r) => r !== model.relation && relations.has(r));
    // `main.x`: a table outside the warehouse's layers (test fixtures): untracked, always changed
    model.sources = [...new Set(code.match(/\b(raw|audit|main)\.[a-z0-9_]+/g) ?? [])];
    const spec = model.definition?.incremental;
    if (spec?.key === 'month') {
      // a month is read from a keyed input's rows, before and after that input is updated by key
      const stray = [...spec.keyedInputs, ...Object.keys(spec.months)].filter(
        (r) => !model.dependsOn.includes(r) || !spec.keyedInputs.includes(r),
      );
      stray.push(...(spec.keysFrom ?? []).filter((r) => !/^raw\.[a-z0-9_]+$/.test(r)));
      if (spec.byPcn && !model.definition?.columns?.shape.pcn_code)
        stray.push('byPcn without a pcn_code column');
      if (stray.length > 0) {
        throw new Error(
          `model ${model.relation}: incremental months and keyedInputs must be models it reads, months from keyed inputs and keysFrom landed extracts (raw.x); not so: ${stray.join(', ')}`,
        );
      }
    }
  }
  return sortByDependencies(models);
}

function sortByDependencies(models: Model[]): Model[] {
  const byRelation = new Map(models.map((m) => [m.relation, m]));
  const sorted: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]) => {
    if (state.get(model.relation) === 'done') return;
    if (state.get(model.relation) === 'visiting') {
      throw new Error(`models depend on each other in a cycle: ${[...path, model.relation].join(' → ')}`);
    }
    state.set(model.relation, 'visiting');
    for (const dep of model.dependsOn) visit(byRelation.get(dep)!, [...path, model.relation]);
    state.set(model.relation, 'done');
    sorted.push(model);
  };
  for (const model of models) visit(model, []);
  return sorted;
}

/**
 * How an input changed: by key (the affected referrals' rows), `refreshed` (by key, and its
 * refresh changed rows of other referrals, recorded in build_refreshed: a mart by month can follow
 * that, a model keyed by referral cannot), or whole.
 */
type Change = 'keys' | 'refreshed' | 'full';
type Action = 'rebuild' | 'keys' | 'skip';

/**
 * Builds the models in dependency order, checks each against its contract's columns and runs the
 * data tests, all in one transaction: a failing check or test aborts the build and the previous
 * models (and the build state) stay as they were, so the next build catches up.
 *
 * Incremental by default (docs/models.md "Materialisations"): only what the loads since the last
 * build (audit.build_watermark) changed is built. A model none of whose inputs changed is not
 * touched; an `incremental` model whose changed inputs are all keyed deletes and re-inserts the
 * affected referrals' rows; anything else (reference data, a changed SQL or setting, a missing
 * table, a first build, `full`) rebuilds the model whole, and so everything downstream of it;
 * a load touching more referrals than `maxKeys` (SPO_INCREMENTAL_MAX_REFERRALS) rebuilds everything.
 * `dir` is the warehouse folder to read the models from (tests give a fixture one). `params` are
 * the settings models read as `{{name}}` (default: from the environment, model-params.ts).
 */
export async function build(
  db: Database,
  options: {
    log?: (m: string) => void;
    dir?: string;
    params?: ModelParams;
    full?: boolean;
    /** the most affected referrals to update by key (default SPO_INCREMENTAL_MAX_REFERRALS) */
    maxKeys?: number;
  } = {},
): Promise<BuildReport> {
  const started = Date.now();
  const models = await readModels(options.dir);
  // the settings models read (model-params.ts), bound before anything runs so a bad one builds nothing
  const params = options.params ?? modelParams();
  for (const model of models) model.sql = bindParams(model.relation, model.sql, params);
  const report: BuildReport = {
    models: models.length,
    rebuilt: 0,
    incremental: 0,
    byMonth: [],
    skipped: 0,
    affectedKeys: 0,
    full: false,
    testsPassed: 0,
    contractsChecked: 0,
    durationMs: 0,
  };
  /** The month sources whose months after the update are recorded (updateByMonth). */
  const monthsRecordedAfter = new Set<string>();
  /** The watermark the build started from: `keysFrom` reads the loads after it. */
  let monthsWatermark = 0;
  /** Per mart updated by month, the predicate selecting the rows it rebuilt (its tests read those). */
  const rebuiltRows = new Map<string, string>();
  /** The data date the models had before the build (a mart's `dataDateRows` follow its move). */
  let dataDateBefore: string | null = null;
  /** What the build changed in each mart, for the next publish (audit.mart_changes). */
  const martChanges: MartChange[] = [];

  // A model's row order means nothing (every reader orders what it shows), and keeping it makes
  // DuckDB buffer whole results: without it, a 10 M-referral build fits the memory limit. Only for
  // the build: landing numbers rows in file order.
  await db.run('set preserve_insertion_order = false');
  try {
    await db.transaction(buildModels);
  } finally {
    await db.run('set preserve_insertion_order = true');
  }
  report.durationMs = Date.now() - started;
  return report;

  async function buildModels() {
    const state = await readBuildState(db);
    const lastLoad = (await db.one<{ n: number }>(`select coalesce(max(load_id), 0) as n from audit.loads`))!
      .n;
    const existing = await existingRelations(db);
    let full = options.full === true || state.watermark === null;
    const watermark = state.watermark ?? 0;
    monthsWatermark = watermark;
    // what changed, and how: a landed table by key; a model by key or whole
    const changes = new Map<string, Change>();
    if (!full) {
      const sources = [...new Set(models.flatMap((m) => m.sources))];
      for (const source of await changedSources(db, watermark, sources)) {
        changes.set(source, source.startsWith('raw.') ? 'keys' : 'full');
      }
      report.affectedKeys = await collectKeys(watermark, changes, existing);
      // too many to update by key in one transaction within the memory limit (settings.ts):
      // everything is rebuilt, as a first build is
      const most = options.maxKeys ?? settings().SPO_INCREMENTAL_MAX_REFERRALS;
      if (report.affectedKeys > most) {
        full = true;
        report.fullBecause = `${report.affectedKeys.toLocaleString('en-GB')} referrals were affected, more than SPO_INCREMENTAL_MAX_REFERRALS = ${most.toLocaleString('en-GB')}`;
        await dropBuildTables();
      } else {
        await recordBefore(existing, watermark);
      }
    }
    report.full = full;
    const built: { relation: string; hash: string; materialized: string }[] = [];
    const touched = new Set<string>();
    for (const model of models) {
      const modelStarted = Date.now();
      const materialized = model.definition?.materialized ?? 'table';
      const hash = hashModel(model);
      const action = full ? 'rebuild' : plan(model, hash, changes, existing.get(model.relation), state);
      if (action === 'skip') {
        report.skipped++;
        continue;
      }
      try {
        if (action === 'rebuild') {
          await rebuild(model, materialized, existing.get(model.relation));
          report.rebuilt++;
          changes.set(model.relation, 'full');
        } else {
          changes.set(model.relation, await updateByKey(model, changes));
          report.incremental++;
        }
      } catch (error) {
        throw new Error(`model ${model.relation} failed: ${(error as Error).message.split('\n')[0]}`, {
          cause: error,
        });
      }
      touched.add(model.relation);
      built.push({ relation: model.relation, hash, materialized });
      if (model.layer === 'marts' && !rebuiltRows.has(model.relation)) {
        martChanges.push({ relation: model.relation, column: null, months: null, pcns: null });
      }
      // Straight after the model, before anything reads it: the types the dashboard reads this
      // table with are derived from the contract (src/lib/server/schema.ts).
      if (model.definition?.columns) {
        await checkColumns(db, model.relation, model.definition.columns);
        report.contractsChecked++;
      }
      options.log?.(
        `${action === 'keys' ? 'updated' : 'built'} ${model.relation} in ${Date.now() - modelStarted} ms`,
      );
      crashPoint('building');
    }
    // Tests run once every model is built: a test may read other models than its own. After an
    // incremental build, the tests of the models touched and of any whose tests read one of them.
    for (const model of models) {
      const tests = model.definition?.tests ?? [];
      if (tests.length === 0 || !(full || touched.has(model.relation) || readsAny(tests, touched))) continue;
      const testsStarted = Date.now();
      const rows = rebuiltRows.get(model.relation);
      const column = (model.definition?.incremental as MonthlySpec | undefined)?.column;
      for (const test of tests) {
        // a mart updated by month: a test of each row (or unique within a month) reads only the
        // months rebuilt; the others passed when built and did not change. The rest read it all.
        const onRows = rows !== undefined && rowByRow(test, column!);
        const compiled = compileDataTest(
          onRows ? `(select * from ${model.relation} where ${rows})` : model.relation,
          test,
        );
        const failures = await db.all(`select * from (${compiled.sql}) limit 5`);
        if (failures.length > 0) {
          throw new DataTestFailure(
            `data test ${model.relation}: ${compiled.name} failed, e.g. ${JSON.stringify(failures[0])}`,
          );
        }
        report.testsPassed++;
      }
      options.log?.(`tested ${model.relation} in ${Date.now() - testsStarted} ms`);
    }
    await dropBuildTables();
    await writeBuildState(db, lastLoad, built, martChanges);
  }

  /** The temporary tables an incremental build reads (filter-to-keys.ts, affected-months.ts). */
  async function dropBuildTables() {
    for (const t of [BUILD_KEYS, BUILD_MONTHS, BUILD_REFRESHED]) await db.run(`drop table if exists ${t}`);
  }

  /**
   * The referral_ids the loads since the watermark touched: every row they landed in a keyed
   * extract, the referral a re-sent row named before (rowKey), and the referrals of rows a
   * correction deleted (audit.replaced_keys). Into a temporary table the keyed SQL reads.
   */
  async function collectKeys(watermark: number, changes: Map<string, Change>, existing: Map<string, string>) {
    const after = `load_id > ${Math.trunc(watermark)}`;
    const parts = [`select referral_id from audit.replaced_keys where ${after}`];
    for (const model of models) {
      const spec = model.definition?.incremental;
      if (model.definition?.materialized !== 'incremental' || !spec || spec.key !== 'referral_id') continue;
      for (const input of spec.keyedInputs.filter((i) => i.startsWith('raw.') && changes.has(i))) {
        parts.push(`select ${spec.key} from ${input} where ${after}`);
        if (spec.rowKey && existing.has(model.relation)) {
          parts.push(
            `select ${spec.key} from ${model.relation}
             where ${spec.rowKey} in (select ${spec.rowKey} from ${input} where ${after})`,
          );
        }
      }
    }
    await db.run(
      `create or replace temp table ${BUILD_KEYS} as
       select distinct referral_id from (${parts.join('\nunion all\n')}) where referral_id is not null`,
    );
    return (await db.one<{ n: number }>(`select count(*)::INTEGER as n from ${BUILD_KEYS}`))!.n;
  }

  /**
   * What an update by key needs from before anything is updated: the table of referrals whose rows
   * a refresh changes, the data date, and the months the affected referrals' rows have now.
   */
  async function recordBefore(existing: Map<string, string>, watermark: number) {
    await db.run(`create or replace temp table ${BUILD_REFRESHED} (relation VARCHAR, referral_id VARCHAR)`);
    if (existing.has(DATA_DATE)) {
      dataDateBefore =
        (await db.one<{ d: string | null }>(`select max(data_date)::VARCHAR as d from ${DATA_DATE}`))?.d ??
        null;
    }
    // the months the affected referrals' rows have before anything is updated (affected-months.ts)
    await db.run(`drop table if exists ${BUILD_MONTHS}`);
    await recordMonths(db, monthSources(existing), watermark);
  }

  /**
   * Every `relation → month column` a by-month mart reads its months from, where both the mart
   * and the relation exist (a mart without a table is rebuilt whole, and needs no months).
   */
  function monthSources(existing: Map<string, string>): MonthSource[] {
    const sources = new Map<string, MonthSource>();
    for (const model of models) {
      const spec = model.definition?.incremental;
      if (spec?.key !== 'month' || !existing.has(model.relation)) continue;
      for (const source of monthSourcesOf(spec)) {
        if (existing.has(source.relation)) sources.set(sourceLabel(source), source);
      }
    }
    return [...sources.values()];
  }

  async function rebuild(model: Model, materialized: string, existingType: string | undefined) {
    const asView = materialized === 'view';
    // a relation changing between table and view must go first: neither replaces the other
    if (existingType === 'VIEW' && !asView) await db.run(`drop view ${model.relation}`);
    if (existingType === 'BASE TABLE' && asView) await db.run(`drop table ${model.relation}`);
    await db.run(`create or replace ${asView ? 'view' : 'table'} ${model.relation} as\n${model.sql}`);
  }

  /** Delete + insert of the affected keys' rows, then the refresh; says how the model changed. */
  async function updateByKey(model: Model, changes: Map<string, Change>): Promise<Change> {
    const spec = model.definition!.incremental!;
    if (spec.key === 'month') return updateByMonth(model, spec, changes);
    const changed = (inputs: string[]) => inputs.filter((i) => changes.has(i));
    const keyed = changed(spec.keyedInputs);
    if (keyed.length > 0) {
      await db.run(
        `delete from ${model.relation} where ${spec.key} in (select ${spec.key} from ${BUILD_KEYS})`,
      );
      crashPoint('incremental');
      await db.run(`insert into ${model.relation} by name\n${filterToKeys(model.relation, model.sql, spec)}`);
    }
    if (spec.refresh && changed(spec.refresh.inputs).length > 0) {
      // the refresh may change rows of any key: which ones is recorded before it runs, so that a
      // mart by month rebuilds their months (a model keyed by referral downstream rebuilds whole)
      const self = model.relation.replaceAll("'", "''");
      await db.run(
        `insert into ${BUILD_REFRESHED}
         select distinct '${self}', referral_id from (${spec.refresh.changedKeys.replaceAll('{{this}}', model.relation)})`,
      );
      await db.run(spec.refresh.sql.replaceAll('{{this}}', model.relation));
      return 'refreshed';
    }
    return 'keys';
  }

  /**
   * Delete + insert of the affected months' rows of a mart grouped by month: the months its rows
   * had (recorded before the build) and have now (recorded here, after its inputs were updated).
   * The mart's rows are not keyed by referral: downstream rebuilds whole.
   */
  async function updateByMonth(
    model: Model,
    spec: MonthlySpec,
    changes: Map<string, Change>,
  ): Promise<Change> {
    // once per relation: its rows are final by the time a mart reading it is built
    const after = monthSourcesOf(spec).filter((s) => !monthsRecordedAfter.has(sourceLabel(s)));
    await recordMonths(db, after, monthsWatermark);
    for (const source of after) monthsRecordedAfter.add(sourceLabel(source));
    let extra: string | undefined;
    if (spec.dataDateRows && changes.has(DATA_DATE)) {
      const now = (
        await db.one<{ d: string | null }>(`select max(data_date)::VARCHAR as d from ${DATA_DATE}`)
      )?.d;
      // a data date moved back (a correction removed the latest events) ages rows the other way
      if (!dataDateBefore || !now || now < dataDateBefore) {
        // (recorded in martChanges as rebuilt whole by the caller: it is not in rebuiltRows)
        await rebuild(model, 'incremental', 'BASE TABLE');
        return 'full';
      }
      extra = `rows of ${model.relation}`;
      await recordRowMonths(db, extra, model.relation, spec, spec.dataDateRows);
    }
    const months = await affectedMonths(db, spec, extra);
    const pcns = spec.byPcn ? await affectedPcns(db, spec, extra) : undefined;
    const where = monthPredicate(spec, months, pcns);
    await db.run(`delete from ${model.relation} where ${where}`);
    crashPoint('incremental');
    await db.run(`insert into ${model.relation} by name\nselect * from (\n${model.sql}\n) where ${where}`);
    report.byMonth.push({
      relation: model.relation,
      months: months.length,
      ...(pcns ? { pcns: pcns.pcns.length } : {}),
    });
    rebuiltRows.set(model.relation, where);
    martChanges.push({
      relation: model.relation,
      column: spec.column,
      months: monthPeriods(spec, months),
      pcns: pcns ? [...pcns.pcns, ...(pcns.none ? [null] : [])] : null,
    });
    return 'full';
  }
}

/**
 * What an incremental build does with a model: rebuild it whole when its stored table cannot be
 * trusted (missing, another materialisation, a different hash) or when an input changed in a way
 * its keys cannot follow; bring it up to date by key when it is incremental and every changed
 * input is keyed (or absorbed by its refresh); leave it when nothing it reads changed.
 */
function plan(
  model: Model,
  hash: string,
  changes: Map<string, Change>,
  existingType: string | undefined,
  state: BuildState,
): Action {
  const materialized = model.definition?.materialized ?? 'table';
  const wantType = materialized === 'view' ? 'VIEW' : 'BASE TABLE';
  if (existingType !== wantType || state.hashes.get(model.relation) !== hash) return 'rebuild';
  const changed = [...model.dependsOn, ...model.sources].filter((i) => changes.has(i));
  if (changed.length === 0) return 'skip';
  const spec = model.definition?.incremental;
  if (materialized !== 'incremental' || !spec) return 'rebuild';
  const byKey = changed.every(
    (i) =>
      (changes.get(i) === 'keys' && spec.keyedInputs.includes(i)) ||
      // a refreshed input's other rows are followed by month (their months are recorded), not by key
      (changes.get(i) === 'refreshed' &&
        spec.key === 'month' &&
        !spec.keysFrom &&
        spec.keyedInputs.includes(i)) ||
      // the data date: the rows that depend on it are rebuilt with the affected months
      (i === DATA_DATE && spec.key === 'month' && spec.dataDateRows !== undefined) ||
      (spec.key === 'referral_id' && spec.refresh?.inputs.includes(i)),
  );
  return byKey ? 'keys' : 'rebuild';
}

/**
 * Whether a data test reads each row on its own (or, for `unique`, rows of one month together), so
 * that it can be run on the months a by-month build rebuilt. A `no_rows` query reads what it likes.
 */
function rowByRow(test: DataTest, monthColumn: string): boolean {
  if (test.type === 'no_rows') return false;
  if (test.type === 'unique') return test.columns.includes(monthColumn);
  return true;
}

/** Whether any of the tests reads one of the relations (a relationship's target or its SQL). */
function readsAny(tests: DataTest[], relations: Set<string>): boolean {
  const text = JSON.stringify(tests);
  return [...relations].some((r) => new RegExp(`\\b${r.replace('.', '\\.')}\\b`).test(text));
}
