import { resolve } from 'node:path';
import { snapshots, type SnapshotSource } from '../../src/lib/server/snapshot.ts';

/**
 * Points the dataset registry (which reads the process's one snapshot source, from SPO_DB) at the
 * warehouse a command was given. Commands that release figures (spo notebooks, spo export) run
 * `runDataset` in the CLI process, exactly as the server does; one process serves one warehouse.
 */
let used: string | null = null;

export function useWarehouse(warehouse: string): SnapshotSource {
  const wanted = resolve(warehouse);
  const current = process.env.SPO_DB ? resolve(process.env.SPO_DB) : null;
  if (used !== null && used !== wanted)
    throw new Error(`this process already reads ${used}; run a new spo for ${wanted}`);
  if (current !== wanted) process.env.SPO_DB = wanted;
  used = wanted;
  return snapshots();
}
