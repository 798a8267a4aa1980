import type { z } from 'zod';
import type { martContracts } from '../../../warehouse/mart-contracts.ts';

type Contracts = typeof martContracts;

/**
 * The snapshot's tables as the dashboard reads them (`marts.<name>`): each mart's row type is its
 * zod row schema's output (warehouse/marts/<name>.ts, `columns`), stated there once. The build
 * checks every schema against the table DuckDB built (pipelines/model/check-columns.ts), so the
 * types hold for what Kysely receives: DATEs as ISO `YYYY-MM-DD` strings, TIMESTAMPs as text,
 * counts, FTE and scores as numbers (the DuckDB dialect turns BIGINT and DECIMAL into numbers, see
 * src/lib/server/duckdb/connection.ts), null only where the schema says `.nullable()`.
 */
export type MartTables = {
  [Name in keyof Contracts as `marts.${Name}`]: z.output<Contracts[Name]['columns']>;
};

export interface Marts extends MartTables {
  /** Written by the publish step (pipelines/publish/publish.ts), not a model: stated here. */
  'marts._snapshot': { published_at: string; snapshot_name: string; data_as_of: string | null };
}
