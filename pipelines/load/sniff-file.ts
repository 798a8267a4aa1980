import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { sqlString } from '../contracts/compile-checks.ts';
import type { Database } from '../db/database.ts';
import { detectExtract, type HeaderMatch } from './detect-extract.ts';
import { FileRejected } from './file-rejected.ts';
import { readHead, type FileHead } from './read-header.ts';

/** A file's format and extract, recognised from its first bytes (a CSV's head) or its schema (Parquet). */
export type SniffedFile = HeaderMatch & ({ format: 'parquet' } | { format: 'csv'; head: FileHead });

/**
 * Recognises which extract a file is from its header, refusing an empty file. Throws FileRejected
 * for an empty file, HeaderError for a header that matches no extract.
 */
export async function sniffFile(db: Database, path: string): Promise<SniffedFile> {
  const file = basename(path);
  const isParquet = extname(path).toLowerCase() === '.parquet';
  if ((await stat(path)).size === 0) throw new FileRejected('the file is empty (0 bytes): send it again');
  if (isParquet) {
    const described = await db.all<{ column_name: string }>(
      `describe select * from read_parquet(${sqlString(path)})`,
    );
    const match = detectExtract(
      file,
      described.map((d) => d.column_name),
    );
    return { format: 'parquet', ...match };
  }
  const head = await readHead(path);
  if (head.empty) throw new FileRejected('the file is empty: send it again with a header row');
  return { format: 'csv', head, ...detectExtract(file, head.fields) };
}
