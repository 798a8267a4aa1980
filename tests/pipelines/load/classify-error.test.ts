import { expect, it } from 'vitest';
import { asFileRejected } from '../../../pipelines/load/classify-error.ts';
import { HeaderError } from '../../../pipelines/load/detect-extract.ts';
import { FileRejected } from '../../../pipelines/load/file-rejected.ts';

it('passes a refusal through as it is, its lines and rows read kept', () => {
  const refusal = new FileRejected('line 2, column nhs_number holds…', 4, [
    { line: 2, column: 'nhs_number', reason: 'holds what looks like an NHS number' },
  ]);
  expect(asFileRejected(refusal)).toBe(refusal);
});

it('turns a header that is close to an extract into a refusal that names the extract', () => {
  const rejected = asFileRejected(new HeaderError('looks like a referrals extract but…', 'referrals'));
  expect(rejected).toBeInstanceOf(FileRejected);
  expect(rejected).toMatchObject({
    message: 'looks like a referrals extract but…',
    extract: 'referrals',
    rowsRead: 0,
  });
});

it("treats DuckDB's read errors as the file's fault, with the first line of the error and what to do", () => {
  const rejected = asFileRejected(
    new Error('Invalid Input Error: No magic bytes found at end of file "x.parquet"\nmore detail'),
  );
  expect(rejected?.message).toBe(
    'the file could not be read (Invalid Input Error: No magic bytes found at end of file "x.parquet"). It may have been cut short or damaged in transfer: check it is a complete, unmodified CSV or Parquet export and send it again',
  );
  expect(rejected?.extract).toBeNull();
});

it("does not blame the file for the warehouse's own disk, or for an error that is not a read error", () => {
  expect(asFileRejected(new Error('IO Error: No space left on device'))).toBeUndefined();
  expect(
    asFileRejected(new Error('IO Error: Could not write file "w.duckdb.wal": Read-only file system')),
  ).toBeUndefined();
  expect(asFileRejected(new Error('Catalog Error: Table with name loads does not exist!'))).toBeUndefined();
  expect(asFileRejected('a string thrown')).toBeUndefined();
});
