import { appendFileSync } from 'node:fs';
import { settings } from '../config/settings.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * The hook that says which dataset queries ran: with SPO_QUERY_LOG set, one JSON line per query a
 * dataset runs against a snapshot (`{snapshot, dataset, warming}`), and one when the server
 * finishes warming a snapshot (`{snapshot, warmed: true}`) and switches to one (`{snapshot, switched: true}`), appended synchronously so a test that
 * asks the server for a figure and then reads the file sees the query. Tests use it to
 * show that after a publish every first request is answered from the warm step's results
 * (tests/api/warm.dashboard.test.ts); nothing else reads it. Counting, not timing.
 */
export function logQuery(snapshot: Snapshot, dataset: string): void {
  write({ snapshot: snapshot.name, dataset, warming: snapshot.warming });
}

/** Logs that the warm step of `snapshot` is done. */
export function logWarmed(snapshot: Snapshot): void {
  write({ snapshot: snapshot.name, warmed: true });
}

/** Logs that requests now read `snapshot`. */
export function logSwitch(snapshot: Snapshot): void {
  write({ snapshot: snapshot.name, switched: true });
}

function write(line: object) {
  const file = settings().SPO_QUERY_LOG;
  if (file) appendFileSync(file, JSON.stringify(line) + '\n');
}

/**
 * The log's complete lines, parsed. A reader can catch a line half-appended (a test failed on
 * `{"sn`): only what a newline ends is whole, and the rest is read next time.
 */
export function parseQueryLog<T>(text: string): T[] {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: nothing, or a line not yet written whole
  return lines.filter(Boolean).map((l) => JSON.parse(l) as T);
}
