import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from './scope.ts';
import { notebooksDir } from '../config/paths.ts';

/**
 * The built notebooks (`spo notebooks`) as the dashboard serves them: where they live, what the
 * build says about itself, and who may read it. A build's figures come through the dataset registry
 * for one scope (docs/decisions/0007); the same page cannot be cut to each reader, so it is served
 * only to readers of that scope, and to administrators, who may read the warehouse itself.
 */

/** Where `spo notebooks` writes and the dashboard reads: `notebooks/` beside the warehouse. */
export { notebooksDir };

/** The scope a build was made for, as build.json records it. */
export interface BuiltFor {
  role: Scope['role'];
  /** ICBs shown down to PCN (an ICB build's own ICBs); '*' for an administrators' build */
  detail: readonly string[] | '*';
}

export interface BuildInfo {
  builtFor: BuiltFor;
  snapshot: string;
  dataAsOf: string | null;
  publishedAt: string | null;
  notebooks: string[];
}

export const builtFor = (scope: Scope): BuiltFor => ({
  role: scope.role,
  detail: scope.detail === '*' ? '*' : [...scope.detail].sort(),
});

/** `build.json` of the build in `dir`, or null when there is none (not built yet). */
export async function readBuildInfo(dir: string): Promise<BuildInfo | null> {
  const text = await readFile(join(dir, 'build.json'), 'utf8').catch(() => null);
  return text === null ? null : (JSON.parse(text) as BuildInfo);
}

/**
 * Whether `reader` may read a build made for `built`: administrators always; anyone else only a
 * build for their own role (and, for ICB users, the same ICBs). Not a build for another role: its
 * totals are summed from different protected cells (the registry's `cells`), and two sums of the
 * same people from different cells could be subtracted.
 */
export function mayRead(reader: Scope, built: BuiltFor): boolean {
  if (reader.role === 'none') return false;
  if (reader.admin) return true;
  if (reader.role !== built.role) return false;
  if (built.detail === '*' || reader.detail === '*') return false;
  const mine = [...reader.detail].sort();
  return mine.length === built.detail.length && mine.every((c, i) => c === built.detail[i]);
}

/** In words, for the page and the refusal: who the figures are for. */
export function describeBuiltFor(b: BuiltFor): string {
  switch (b.role) {
    case 'public':
      return 'the public (England only)';
    case 'viewer':
      return 'viewers (England, regions and ICBs)';
    case 'icb':
      return `ICB users of ${b.detail === '*' ? 'every ICB' : b.detail.join(', ')}`;
    case 'admin':
      return 'administrators';
    default:
      return 'nobody';
  }
}
