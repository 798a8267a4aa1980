/**
 * One query, many readers (run-dataset.ts, queryScope): readers whose query key is the same share
 * one query's rows, and only the release is theirs. Sharing must change nothing: for every
 * dataset and an area of each kind, an ICB user's tables computed after a viewer's (sharing where
 * the key allows) equal the same user's tables computed alone on a fresh memo; and the key does
 * tell apart readers whose queries differ (an ICB user's England has PCN cells in their ICB).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../../../src/lib/area.ts';
import { scopeFor } from '../../../src/lib/server/auth/scope.ts';
import { DATASETS } from '../../../src/lib/server/catalogue.ts';
import { ScopeError } from '../../../src/lib/server/errors.ts';
import { queryScope, runDatasetIn } from '../../../src/lib/server/run-dataset.ts';
import { SnapshotSource, type Snapshot } from '../../../src/lib/server/snapshot.ts';
import { smallWarehouse } from '../../notebooks/small-warehouse.ts';

let warehouse: Awaited<ReturnType<typeof smallWarehouse>>;
let source: SnapshotSource;

const viewer = scopeFor({ name: 'v', role: 'viewer', icbs: [] });
const icbUser = scopeFor({ name: 'i', role: 'icb', icbs: ['QHM'] });
const AREAS: Area[] = [
  { level: 'E', code: 'E' },
  { level: 'REGION', code: 'Y63' }, // holds QHM
  { level: 'REGION', code: 'Y56' }, // does not
  { level: 'ICB', code: 'QHM' },
  { level: 'ICB', code: 'QMJ' },
];

beforeAll(async () => {
  warehouse = await smallWarehouse(3000);
  source = new SnapshotSource(warehouse.db);
}, 600_000);

afterAll(async () => {
  await source?.close();
  await warehouse?.close();
});

/** The snapshot's database with an empty memo. */
const fresh = (s: Snapshot): Snapshot => ({ ...s, cache: new Map(), pinned: new Set(), warming: false });
/**
 * A table's rows as a sorted list: some datasets order tied rows as DuckDB returns them (dq-rejects:
 * by rows, many suppressed), which differs between two runs of the same query, shared or not.
 */
const run = (s: Snapshot, d: (typeof DATASETS)[number], area: Area, scope: typeof viewer) =>
  runDatasetIn(s, d, { area, from: null, to: null, instrument: null }, scope).then(
    (t) => t.rows.map((r) => JSON.stringify(r)).sort(),
    (e: unknown) => (e instanceof ScopeError ? 'refused' : Promise.reject(e)),
  );

describe('queryScope', () => {
  it('shares a query only where the rows are the same', async () => {
    await source.use(async (s) => {
      let shared = 0;
      for (const area of AREAS) {
        const key = (scope: typeof viewer) =>
          queryScope(s, { area, from: null, to: null, instrument: null }, scope);
        const same = JSON.stringify(await key(viewer)) === JSON.stringify(await key(icbUser));
        if (same) shared++;
        // England and the region holding QHM differ; the other region and ICB are shared
        expect(same, `${area.level}:${area.code}`).toBe(!['E', 'Y63', 'QHM'].includes(area.code));
        const both = fresh(s);
        const alone = fresh(s);
        for (const d of DATASETS) {
          await run(both, d, area, viewer);
          const after = await run(both, d, area, icbUser);
          expect(after, `${d.id} ${area.level}:${area.code}`).toEqual(await run(alone, d, area, icbUser));
        }
      }
      expect(shared).toBe(2);
    });
  }, 600_000);
});
