/**
 * The one secret: a 32-byte key kept outside the database, in `secret.key` beside the warehouse
 * (created 0600 on first use) or in `SPO_SECRET` (base64 or hex, at least 32 bytes). Sessions and
 * API tokens are stored as HMAC-SHA-256 of the key, so someone who can write accounts.sqlite but
 * cannot read the key still cannot mint a session; addresses in the access log and the rate-limit
 * table are HMAC pseudonyms. Rotating the key signs everyone out and voids every token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { settings } from '../../config/settings.ts';

function decode(text: string): Buffer {
  const t = text.trim();
  return /^[0-9a-f]+$/i.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
}

export function loadKey(file: string): Buffer {
  const secret = settings().SPO_SECRET;
  if (secret) {
    const key = decode(secret);
    if (key.length < 32)
      throw new Error('SPO_SECRET must hold at least 32 bytes (64 hex digits or 44 base64 characters)');
    return key;
  }
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, 0o600);
    const key = decode(readFileSync(file, 'utf8'));
    if (key.length < 32) throw new Error(`${file} must hold at least 32 bytes`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting at once cannot both write a key; the loser reads the winner's
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decode(readFileSync(file, 'utf8'));
}

export function hmac(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`${purpose}\0${value}`).digest('base64url');
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
