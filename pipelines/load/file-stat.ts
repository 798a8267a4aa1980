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

/** An earlier load a file's stat recognises. */
export interface KnownLoad {
  load_id: number;
  extract_id: string;
  sha256: string;
}

/** Loads by their file's name and stat (`statKey`). */
export type StatIndex = Map<string, KnownLoad>;

export const statKey = (fileName: string, s: FileStat): string =>
  [fileName, s.size, s.mtimeNs, s.ctimeNs, s.inode, s.device].join('|');

/**
 * The loads a file's stat can recognise: those that succeeded (or were later superseded), by the
 * name, size, modification and status-change times, inode and device of their file, where its
 * ctime was settled when the load began. Read once for a run of many files (one query, not one a
 * file: a re-sent folder of 278 files spent most of its time on them), or for one name.
 */
export async function statIndex(db: Database, fileName?: string): Promise<StatIndex> {
  const rows = await db.all<KnownLoad & { k: string }>(
    `select concat_ws('|', file_name, file_size, file_mtime_ns, file_ctime_ns, file_inode, file_device) as k,
            load_id, extract_id, sha256
     from audit.loads
     where file_size is not null and file_ctime_ns < epoch_ns(started_at) - ${SETTLED_NS}
       and status in ('loaded', 'replaced', 'superseded')
       ${fileName === undefined ? '' : 'and file_name = ?'}`,
    fileName === undefined ? [] : [fileName],
  );
  return new Map(rows.map(({ k, ...load }) => [k, load]));
}
