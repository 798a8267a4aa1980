import type { RequestEvent } from '@sveltejs/kit';
import { DATA_PAGE_PATHS } from '../pages.ts';
import { snapshots } from './snapshot.ts';
import { settings } from '../config/settings.ts';
import { store } from './auth/handle.ts';

/**
 * Rendered dashboard pages, kept per published snapshot and per person. A page is a pure function
 * of (snapshot, scope, URL, the person's saved alert thresholds — the overview shows their alerts): its figures come from the snapshot through runDataset, and the CSP
 * is by hash (vite.config.ts), so the same inputs give the same bytes. When thirty people open
 * Monday's overview, the server renders it once; a new snapshot changes the key, so nothing stale
 * is served. Entries are per user (the header names them), never shared across scopes.
 *
 * Only GET requests for the dashboard's pages (and their `__data.json`) are kept, only 200s, and
 * never a response that sets a cookie. The access log still records every request: the auth
 * handle, which writes it, runs before this cache.
 */
const PAGES = new Set(DATA_PAGE_PATHS);

interface Entry {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** Least recently used first (a Map keeps insertion order; a hit is moved to the end). */
const entries = new Map<string, Promise<Entry | null>>();
const sizes = new Map<string, number>();
let bytes = 0;

/** SPO_PAGE_CACHE_MB (default 64; 0 turns the cache off). */
function budget(): number {
  return settings().SPO_PAGE_CACHE_MB * 2 ** 20;
}

function evict(limit: number) {
  for (const key of entries.keys()) {
    if (bytes <= limit) break;
    const size = sizes.get(key);
    if (size === undefined) continue; // still rendering
    entries.delete(key);
    sizes.delete(key);
    bytes -= size;
  }
}

export function cacheable(event: RequestEvent): boolean {
  return event.request.method === 'GET' && event.route.id !== null && PAGES.has(event.route.id);
}

/** Serves `render()`'s response from the cache when the same person asked for the same page. */
export async function cachedPage(event: RequestEvent, render: () => Promise<Response>): Promise<Response> {
  const limit = budget();
  if (limit === 0 || !cacheable(event)) return render();
  const snapshot = await snapshots()
    .use(async (s) => s.name)
    .catch(() => null);
  if (!snapshot) return render();
  const scope = event.locals.scope;
  const key = JSON.stringify([
    snapshot,
    scope.user,
    scope.role,
    scope.detail,
    // when the person last saved alert thresholds (null: none): saving them renders pages afresh
    event.locals.user ? store().alertRulesStamp(event.locals.user.name) : null,
    event.isDataRequest,
    event.url.pathname,
    event.url.search,
  ]);
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
    const entry = await hit;
    if (entry) return fromEntry(entry, 'hit');
  }
  // concurrent requests for the same page wait for one render
  let settle: (e: Entry | null) => void = () => {};
  entries.set(key, new Promise((resolve) => (settle = resolve)));
  let response: Response;
  try {
    response = await render();
  } catch (error) {
    entries.delete(key);
    settle(null);
    throw error;
  }
  if (response.status !== 200 || response.headers.has('set-cookie') || !response.body) {
    entries.delete(key);
    settle(null);
    return response;
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const entry: Entry = { status: response.status, headers: [...response.headers], body };
  settle(entry);
  if (entries.has(key)) {
    sizes.set(key, body.byteLength);
    bytes += body.byteLength;
    evict(limit);
  }
  return fromEntry(entry, 'miss');
}

/** A fresh response from a kept entry; `x-spo-page-cache` says whether it was rendered for this request. */
function fromEntry(entry: Entry, how: 'hit' | 'miss'): Response {
  const headers = new Headers(entry.headers);
  headers.set('x-spo-page-cache', how);
  return new Response(entry.body.slice(), { status: entry.status, headers });
}
