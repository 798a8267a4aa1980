import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { WAREHOUSE_DIR } from '../../src/lib/config/paths.ts';
import { checkColumns } from './check-columns.ts';
import { compileDataTest } from './data-tests.ts';
import { bindParams, modelParams, type ModelParams } from './model-params.ts';
import type { ModelDefinition } from '../../warehouse/define-model.ts';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;

export interface Model {
  layer: (typeof LAYERS)[number];
  name: string;
  relation: string;
  sql: string;
  definition?: ModelDefinition;
  dependsOn: string[];
}

export interface BuildReport {
  models: number;
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
      models.push({ layer, name, relation: `${layer}.${name}`, sql, definition, dependsOn: [] });
    }
  }
  const relations = new Set(models.map((m) => m.relation));
  for (const model of models) {
    const refs = model.sql.match(/\b(staging|intermediate|marts)\.[a-z0-9_]+/g) ?? [];
    model.dependsOn = [...new Set(refs)].filter((r) => r !== model.relation && relations.has(r));
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
 * Builds every model in dependency order, checks each against its contract's columns and runs its
 * data tests, all in one transaction: a failing check or test aborts the build and the previous
 * models stay as they were. `dir` is the warehouse folder to read the models from (tests give a
 * fixture one). `params` are the settings models read as `{{name}}` (default: from the environment,
 * model-params.ts).
 */
export async function build(
  db: Database,
  options: { log?: (m: string) => void; dir?: string; params?: ModelParams } = {},
): Promise<BuildReport> {
  const started = Date.now();
  const models = await readModels(options.dir);
  // the settings models read (model-params.ts), bound before anything runs so a bad one builds nothing
  const params = options.params ?? modelParams();
  for (const model of models) model.sql = bindParams(model.relation, model.sql, params);
  let testsPassed = 0;
  let contractsChecked = 0;
  // A model's row order means nothing (every reader orders what it shows), and keeping it makes
  // DuckDB buffer whole results: without it, a 10 M-referral build fits the memory limit. Only for
  // the build: landing numbers rows in file order.
  await db.run('set preserve_insertion_order = false');
  try {
    await buildModels();
  } finally {
    await db.run('set preserve_insertion_order = true');
  }
  return { models: models.length, testsPassed, contractsChecked, durationMs: Date.now() - started };

  async function buildModels() {
    await db.transaction(async () => {
      for (const model of models) {
        const modelStarted = Date.now();
        try {
          await db.run(`create or replace table ${model.relation} as\n${model.sql}`);
        } catch (error) {
          throw new Error(`model ${model.relation} failed: ${(error as Error).message.split('\n')[0]}`, {
            cause: error,
          });
        }
        // Straight after the model, before anything reads it: the types the dashboard reads this
        // table with are derived from the contract (src/lib/server/schema.ts).
        if (model.definition?.columns) {
          await checkColumns(db, model.relation, model.definition.columns);
          contractsChecked++;
        }
        options.log?.(`built ${model.relation} in ${Date.now() - modelStarted} ms`);
        crashPoint('building');
      }
      // Tests run once every model is built: a test may read other models than its own.
      for (const model of models) {
        const testsStarted = Date.now();
        for (const test of model.definition?.tests ?? []) {
          const compiled = compileDataTest(model.relation, test);
          const failures = await db.all(`select * from (${compiled.sql}) limit 5`);
          if (failures.length > 0) {
            throw new DataTestFailure(
              `data test ${model.relation}: ${compiled.name} failed, e.g. ${JSON.stringify(failures[0])}`,
            );
          }
          testsPassed++;
        }
        if (model.definition?.tests?.length) {
          options.log?.(`tested ${model.relation} in ${Date.now() - testsStarted} ms`);
        }
      }
    });
  }
}
