import { join } from 'node:path';
import { checkGzipComplete } from './read-header.ts';
import type { SniffedFile } from './sniff-file.ts';
import { FileRejected } from './file-rejected.ts';
import { transcodeToUtf8 } from './transcode.ts';

/**
 * The path DuckDB should read a recognised file from: the file itself, or a UTF-8 copy in
 * `workDir`. Refuses a gzip file cut short in transfer, which would otherwise read as a shorter,
 * valid-looking CSV.
 */
export async function readableSource(path: string, sniffed: SniffedFile, workDir: string): Promise<string> {
  if (sniffed.format === 'parquet') return path;
  const { head, contract } = sniffed;
  if (head.gzip) {
    const damage = await checkGzipComplete(path);
    if (damage) {
      throw new FileRejected(
        `the gzip file is cut short or damaged (${damage}): it was not fully transferred. Nothing of it was stored: send it again`,
      );
    }
  }
  // DuckDB reads UTF-8 (with or without a BOM). A publisher's declared encoding is honoured
  // even when the sample read so far was plain ASCII; UTF-16 is recognised by its BOM.
  // Undeclared non-UTF-8 bytes are left for the reader to reject line by line, with a fix.
  const from = contract.format?.encoding === 'windows-1252' ? 'windows-1252' : head.encoding;
  if (from !== 'windows-1252' && from !== 'utf-16le' && from !== 'utf-16be') return path;
  const source = join(workDir, 'utf8.csv');
  await transcodeToUtf8(path, source, from, head.gzip);
  return source;
}
