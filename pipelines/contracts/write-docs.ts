// Regenerates the per-extract tables of docs/extracts.md from the contracts (npm run docs:extracts),
// so the documentation cannot drift from what the loader enforces; a test checks it is current.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_DIR } from '../../src/lib/config/paths.ts';
import { contractsMarkdown } from './to-markdown.ts';

export const EXTRACTS_DOC = join(PROJECT_DIR, 'docs', 'extracts.md');
export const BEGIN = '<!-- BEGIN GENERATED: npm run docs:extracts -->';
export const END = '<!-- END GENERATED -->';

export function withGeneratedSection(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/extracts.md: markers ${BEGIN} … ${END} are missing`);
  return `${doc.slice(0, start + BEGIN.length)}\n\n${contractsMarkdown()}\n${doc.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = await readFile(EXTRACTS_DOC, 'utf8');
  await writeFile(EXTRACTS_DOC, withGeneratedSection(doc));
}
