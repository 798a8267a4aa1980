import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { splitCsvLine } from '../../pipelines/load/read-header.ts';

/**
 * The rows of a reference CSV as objects keyed by header (BOM and CR removed), read with a plain
 * CSV split, not through the warehouse: the independent side of the tests' checks.
 */
export async function readReference(file: string): Promise<Record<string, string>[]> {
  const text = (await readFile(join(REFERENCE_DIR, file), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter(Boolean);
  const names = splitCsvLine(header, ',');
  return lines.map((line) => {
    const fields = splitCsvLine(line, ',');
    return Object.fromEntries(names.map((n, i) => [n, fields[i]]));
  });
}
