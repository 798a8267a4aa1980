import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface FileHead {
  /** Header fields as written (quotes removed), or the first row's fields for a header-less file. */
  fields: string[];
  encoding: Encoding;
  delimiter: string;
  empty: boolean;
  gzip: boolean;
}

const HEAD_BYTES = 64 * 1024;

/** Reads the start of a CSV file: its encoding, delimiter and header fields. */
export async function readHead(path: string, expectedDelimiter?: string): Promise<FileHead> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (gzip) bytes = gunzipPrefix(bytes);
  if (bytes.length === 0) return { fields: [], encoding: 'utf-8', delimiter: ',', empty: true, gzip };
  const encoding = detectEncoding(bytes);
  const text = decode(bytes, encoding);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = expectedDelimiter ?? guessDelimiter(firstLine);
  return { fields: splitCsvLine(firstLine, delimiter), encoding, delimiter, empty: false, gzip };
}

/**
 * Reads a gzip file to its end: null if whole, else what is wrong (cut short, damaged). A gzip cut off
 * in transfer otherwise reads as a shorter, valid-looking CSV: rows would be lost without a word.
 */
export async function checkGzipComplete(path: string): Promise<string | null> {
  try {
    await pipeline(
      createReadStream(path),
      createGunzip(),
      new Writable({ write: (_chunk, _enc, done) => done() }),
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function gunzipPrefix(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a cut-off stream */ });
  } catch {
    return Buffer.alloc(0);
  }
}

function detectEncoding(bytes: Buffer): Encoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // UTF-16 without a byte-order mark: ASCII text with a NUL byte beside every character.
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096) & ~1);
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) nulEven++;
    if (sample[i + 1] === 0) nulOdd++;
  }
  const pairs = sample.length / 2;
  if (pairs >= 2 && nulOdd > pairs * 0.9 && nulEven === 0) return 'utf-16le';
  if (pairs >= 2 && nulEven > pairs * 0.9 && nulOdd === 0) return 'utf-16be';
  try {
    // A cut at the end of the sample may split a character: ignore the last 3 bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

function decode(bytes: Buffer, encoding: Encoding): string {
  switch (encoding) {
    case 'utf-8-bom':
      return bytes.subarray(3).toString('utf8');
    case 'utf-16le':
      return new TextDecoder('utf-16le').decode(bytes);
    case 'utf-16be':
      return new TextDecoder('utf-16be').decode(bytes);
    case 'windows-1252':
      return new TextDecoder('windows-1252').decode(bytes);
    default:
      return bytes.toString('utf8');
  }
}

function guessDelimiter(line: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

/** Splits one CSV line, honouring double quotes (a header rarely needs more). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
