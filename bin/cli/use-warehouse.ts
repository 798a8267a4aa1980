import { snapshotsOf, type SnapshotSource } from '../../src/lib/server/snapshot.ts';

/**
 * Points the dataset layer (which reads the process's one snapshot source) at the warehouse a
 * command was given. Commands that release figures (spo notebooks, spo export) run `runDataset`
 * in the CLI process, exactly as the server does; one process serves one warehouse.
 */
export function useWarehouse(warehouse: string): SnapshotSource {
  return snapshotsOf(warehouse);
}
