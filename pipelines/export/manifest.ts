/** The manifest.json of an export (`spo export`): what each file holds and whether it is restricted. */

export interface ExportedTable {
  name: string;
  /**
   * false: a dataset as the dashboard's API releases it (disclosure-controlled, for the scope);
   * true: a mart as the warehouse holds it (`--restricted` only)
   */
  restricted: boolean;
  /** what the table holds, in words */
  holds: string;
  /** a file (a dataset) or a folder of Hive-partitioned Parquet (a mart), relative to the export */
  path: string;
  /** the dataset it is (`/api/v1/<dataset>?<query>` gives the same rows) */
  dataset?: string;
  query?: string;
  partitionedBy?: string[];
  columns: { name: string; type: string; label?: string; kind?: string }[];
  rows: number;
  files: number;
}

export interface ExportManifest {
  format: 'parquet' | 'csv';
  snapshot: string;
  publishedAt: string | null;
  dataAsOf: string | null;
  exportedAt: string;
  /** whose view the datasets are (the dashboard's scope for a role) */
  builtFor: { role: string; detail: readonly string[] | '*' };
  audience: string;
  area: string;
  from: string | null;
  to: string | null;
  disclosure: { threshold: number; roundTo: number; minN: number };
  /** true when the export holds restricted tables (`--restricted`) */
  restricted: boolean;
  tables: ExportedTable[];
  /** datasets not in the export, with why (admin only, or a breakdown the scope may not see) */
  skipped: { dataset: string; reason: string }[];
}
