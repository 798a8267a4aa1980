import type { Scope } from './auth/scope.ts';
import type { Filters } from './filters.ts';

/**
 * The views requests asked for recently (dataset, filters, reader), most recent last, at most
 * REMEMBERED: the warm step (warm.ts) computes them again for the next snapshot, so the views
 * people use (another period, an instrument, the overview's financial year) are warm after a
 * publish as well as the common ones. Kept per process, in memory: a restart starts from the
 * common views alone.
 */
const REMEMBERED = 2000;

export interface AskedView {
  id: string;
  filters: Filters;
  scope: Scope;
}

/** A Map keeps insertion order: a view asked again moves to the end. */
const asked = new Map<string, AskedView>();

/** Notes a view a request asked for. */
export function remember(id: string, filters: Filters, scope: Scope): void {
  const key = JSON.stringify([id, filters, scope.role, scope.detail]);
  asked.delete(key);
  asked.set(key, { id, filters, scope });
  if (asked.size > REMEMBERED) asked.delete(asked.keys().next().value as string);
}

/** The views asked for recently, oldest first. */
export const askedViews = (): AskedView[] => [...asked.values()];
