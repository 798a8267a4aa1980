import { settings, type Settings } from '../../src/lib/config/settings.ts';

/**
 * The settings a model's SQL may read, as `{{name}}` (e.g. int_activity_window.sql reads
 * `{{hcu_window_months}}`). Only whole numbers, already validated by settings.ts, so a value
 * spliced into SQL is never text a user could shape into a statement.
 */
export type ModelParams = Record<string, number>;

export function modelParams(s: Settings = settings()): ModelParams {
  return { hcu_window_months: s.SPO_HCU_WINDOW_MONTHS };
}

/** The model's SQL with each `{{name}}` replaced; an unknown name or a non-integer value is an error naming it. */
export function bindParams(relation: string, sql: string, params: ModelParams): string {
  return sql.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`model ${relation} reads an unknown setting {{${name}}}`);
    if (!Number.isInteger(value))
      throw new Error(`model ${relation}: setting ${name} must be a whole number, got ${value}`);
    return String(value);
  });
}
