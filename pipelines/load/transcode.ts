import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Encoding } from './read-header.ts';

/**
 * Re-encodes a file to UTF-8 (DuckDB's reader takes UTF-8; the NHS Digital workforce files are
 * Windows-1252, where an en dash is byte 0x96 and latin-1 would misread it). Streams, so a large
 * file never sits in memory.
 */
export async function transcodeToUtf8(
  source: string,
  target: string,
  encoding: Encoding,
  gzip = false,
): Promise<void> {
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  const decoder = new TextDecoder(label, { fatal: false, ignoreBOM: false });
  const transform = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  if (gzip) await pipeline(createReadStream(source), createGunzip(), transform, createWriteStream(target));
  else await pipeline(createReadStream(source), transform, createWriteStream(target));
}
