import type { Database } from '../db/database.ts';

/** What the last committed build left (audit.build_watermark, audit.build_state). */
export interface BuildState {
  /** the last load the models were built from; null: never built (or built before there was state) */
  watermark: number | null;
  /** per model, the hash of what it was built from (hash-model.ts) */
  hashes: Map<string, string>;
}

export async function readBuildState(db: Database): Promise<BuildState> {
  const mark = await db.one<{ last_load_id: number }>(
    `select last_load_id from audit.build_watermark order by built_at desc limit 1`,
  );
  const rows = await db.all<{ relation: string; sql_hash: string }>(
    `select relation, sql_hash from audit.build_state`,
  );
  return {
    watermark: mark?.last_load_id ?? null,
    hashes: new Map(rows.map((r) => [r.relation, r.sql_hash])),
  };
}

/** What a build changed in one mart: rebuilt whole (column and months null), or these months. */
export interface MartChange {
  relation: string;
  column: string | null;
  months: string[] | null;
  /** the PCNs of those months rebuilt (null in the list: rows of no PCN); null: every PCN */
  pcns: (string | null)[] | null;
}

/**
 * Records the models built, what changed in the marts (for the next publish) and the new
 * watermark, inside the build's transaction.
 */
export async function writeBuildState(
  db: Database,
  lastLoadId: number,
  built: { relation: string; hash: string; materialized: string }[],
  martChanges: MartChange[],
): Promise<void> {
  if (martChanges.length > 0) {
    const id = (await db.one<{ id: number }>(`select nextval('audit.build_id_seq')::BIGINT as id`))!.id;
    for (const { relation, column, months, pcns } of martChanges) {
      await db.run(
        `insert into audit.mart_changes (build_id, relation, month_column, months, pcns)
         values (?, ?, ?, ?::DATE[], ?::JSON::VARCHAR[])`,
        [
          id,
          relation,
          column,
          months === null ? null : `[${months.join(', ')}]`,
          pcns === null ? null : JSON.stringify(pcns),
        ],
      );
    }
  }
  for (const { relation, hash, materialized } of built) {
    await db.run(`delete from audit.build_state where relation = ?`, [relation]);
    await db.run(`insert into audit.build_state values (?, ?, ?, current_timestamp)`, [
      relation,
      hash,
      materialized,
    ]);
  }
  await db.run(`delete from audit.build_watermark`);
  await db.run(`insert into audit.build_watermark values (?, current_timestamp)`, [lastLoadId]);
  // the keys of corrections now applied are not needed again
  await db.run(`delete from audit.replaced_keys where load_id <= ?`, [lastLoadId]);
}

/** The relations that exist now, as DuckDB's catalogue calls them ('BASE TABLE' or 'VIEW'). */
export async function existingRelations(db: Database): Promise<Map<string, string>> {
  const rows = await db.all<{ relation: string; table_type: string }>(
    `select table_schema || '.' || table_name as relation, table_type from information_schema.tables
     where table_schema in ('staging', 'intermediate', 'marts') and table_catalog = current_database()`,
  );
  return new Map(rows.map((r) => [r.relation, r.table_type]));
}

/**
 * The landed and audit tables that changed since the watermark: each extract a load after it
 * wrote to (a correction's deleted rows included: the replacing load is after it), and any raw
 * table holding rows with a later load_id (rows written past the loader, as tests do). Any load
 * at all changes audit.loads and audit.rejected_rows (the data-quality marts read them). A table
 * of another schema (`main.x`) cannot be followed and counts as changed at every build.
 */
export async function changedSources(
  db: Database,
  watermark: number,
  sources: string[],
): Promise<Set<string>> {
  const changed = new Set<string>();
  const loads = await db.all<{ extract_id: string | null }>(
    `select distinct extract_id from audit.loads where load_id > ?`,
    [watermark],
  );
  if (loads.length > 0) {
    changed.add('audit.loads');
    changed.add('audit.rejected_rows');
  }
  for (const { extract_id } of loads) if (extract_id) changed.add(`raw.${extract_id}`);
  for (const source of sources) {
    // a table outside raw and audit (main.x, as test fixtures read) has no load to tell: changed
    if (!source.startsWith('raw.') && !source.startsWith('audit.')) changed.add(source);
    if (!source.startsWith('raw.') || changed.has(source)) continue;
    const row = await db.one<{ later: boolean }>(
      `select exists (select 1 from ${source} where load_id > ?) as later`,
      [watermark],
    );
    if (row?.later) changed.add(source);
  }
  return changed;
}
