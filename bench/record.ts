import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_DIR } from '../src/lib/config/paths.ts';

const FILE = join(PROJECT_DIR, 'docs', 'benchmarks.md');

/** Replaces one section of docs/benchmarks.md (between its markers) with a fresh run's figures. */
export async function recordBenchmarks(section: string, body: string, machine: string): Promise<void> {
  const doc = await readFile(FILE, 'utf8');
  const begin = `<!-- BEGIN ${section} -->`;
  const end = `<!-- END ${section} -->`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/benchmarks.md has no ${begin} … ${end} markers`);
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const content = `${begin}\n\nMeasured ${stamp} UTC on ${machine}.\n\n${body}\n\n`;
  await writeFile(FILE, doc.slice(0, start) + content + doc.slice(stop));
}
