import { HeaderError } from './detect-extract.ts';
import { FileRejected } from './file-rejected.ts';

/**
 * What an error thrown while loading a file says about the file: a refusal of the whole file
 * (a bad header, a file DuckDB cannot read), or undefined when the fault is not the file's (the
 * warehouse's own disk, a bug), which the caller lets through.
 */
export function asFileRejected(error: unknown): FileRejected | undefined {
  if (error instanceof FileRejected) return error;
  if (error instanceof HeaderError) return new FileRejected(error.message, 0, [], error.extract);
  if (isReadError(error)) return new FileRejected(readErrorMessage(error));
  return undefined;
}

/** DuckDB's errors on reading a damaged CSV or Parquet file, recognised by their message. */
function isReadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  // The warehouse's own disk failing (full, read-only) is not a fault of the file being loaded.
  if (/disk holding .* is full|read-only file system|No space left on device/i.test(message)) return false;
  return /Invalid Input Error|Conversion Error|IO Error|Parser Error|Invalid Error|CSV Error|Parquet/i.test(
    message,
  );
}

function readErrorMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return `the file could not be read (${message}). It may have been cut short or damaged in transfer: check it is a complete, unmodified CSV or Parquet export and send it again`;
}
