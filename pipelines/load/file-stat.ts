import { stat } from 'node:fs/promises';
import type { Database } from '../db/database.ts';

/**
 * What the file system says of a file, as exact decimal strings (nanosecond times and inode
 * numbers do not fit a double). Together they identify one version of one file: writing to it
 * changes its ctime, which no user call can set back (`touch -d` and utimes set mtime and atime
 * only), and replacing it gives a new inode.
 */
export interface FileStat {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  inode: string;
  device: string;
}

export async function fileStat(path: string): Promise<FileStat> {
  const s = await stat(path, { bigint: true });
  return {
    size: String(s.size),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
    inode: String(s.ino),
    device: String(s.dev),
  };
}

/**
 * A stat is trusted only for a file that had stopped changing at least this long before the load
 * that recorded it began (git's "racy clean" rule): file times tick in steps of a few milliseconds,
 * so a write in the same tick as the load's stat, after it, would leave ctime unchanged.
 */
export const SETTLED_NS = 1_000_000_000n;

/**
 * The earlier load of this very file version, recognised without reading it: the same name,
 * size, modification and status-change times, inode and device as a file that loaded (or was
 * later superseded), and whose ctime was settled when that load began. Anything else is hashed.
 */
export async function loadOfSameStat(
  db: Database,
  fileName: string,
  s: FileStat,
): Promise<{ load_id: number; extract_id: string; sha256: string } | undefined> {
  return db.one(
    `select load_id, extract_id, sha256 from audit.loads
     where file_name = ? and file_size = ?::BIGINT and file_mtime_ns = ?::BIGINT
       and file_ctime_ns = ?::BIGINT and file_inode = ?::UBIGINT and file_device = ?::UBIGINT
       and file_ctime_ns < epoch_ns(started_at) - ${SETTLED_NS}
       and status in ('loaded', 'replaced', 'superseded')
     limit 1`,
    [fileName, s.size, s.mtimeNs, s.ctimeNs, s.inode, s.device],
  );
}
