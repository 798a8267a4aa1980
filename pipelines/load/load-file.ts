import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { auditLoad, statColumns } from './audit-load.ts';
import { asFileRejected } from './classify-error.ts';
import { deliverySource } from './delivery.ts';
import { fileStat, statIndex, statKey, type StatIndex } from './file-stat.ts';
import { hashFile } from './hash-file.ts';
import { landCsv } from './land-csv.ts';
import { landParquet } from './land-parquet.ts';
import { periodOf } from './period-of.ts';
import { batchSize } from './raw-table.ts';
import { readableSource } from './readable-source.ts';
import { recordRejectedFile } from './record-rejected-file.ts';
import { refuseIdentifiers } from './refuse-identifiers.ts';
import { replaceDelivery } from './replace-delivery.ts';
import { sniffFile } from './sniff-file.ts';
import { stepTimer } from './step-timer.ts';
import { validateBatch } from './validate-batch.ts';

export type LoadStatus = 'loaded' | 'skipped' | 'replaced' | 'rejected';

export interface FileReport {
  file: string;
  sha256: string;
  extract: string | null;
  status: LoadStatus;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  loadId?: number;
  replacedLoadId?: number;
  period?: string | null;
  error?: string;
}

export interface LoadEffects {
  db: Database;
  /** user@host and the command, recorded with every load. */
  runBy: string;
  now?: () => Date;
  log?: (message: string) => void;
  /** Test hook: called between the steps of a load, to kill the process part-way. */
  onStep?: (step: 'landed' | 'validated' | 'replaced') => void | Promise<void>;
  /** The run's loads by stat (`statIndex`), read once for many files; else read for this file. */
  known?: StatIndex;
  /** Test hook: called before a file's bytes are read to hash them. */
  onHash?: (path: string) => void;
}

/**
 * Loads one extract file in one transaction: land (typed read with reject capture), refuse direct
 * identifiers, validate against the contract, drop duplicates, replace a corrected delivery, and
 * record the load. A crash part-way leaves nothing of the batch behind. A file refused whole
 * (empty, unrecognised, unreadable, holding identifiers) leaves only its load record and reason.
 */
export async function loadFile(path: string, effects: LoadEffects): Promise<FileReport> {
  const { db } = effects;
  const now = effects.now ?? (() => new Date());
  const startedAt = now();
  const file = basename(path);
  // this very file loaded before, unchanged since (file-stat.ts): nothing to do, nothing read
  const stat = await fileStat(path);
  const same = (effects.known ?? (await statIndex(db, file))).get(statKey(file, stat));
  if (same) {
    return {
      file,
      sha256: same.sha256,
      extract: same.extract_id,
      status: 'skipped',
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      loadId: same.load_id,
    };
  }
  effects.onHash?.(path);
  const sha256 = await hashFile(path);
  const base = { file, sha256, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };

  // the same bytes loaded before, under this name or another: nothing to do
  const previous = await db.one<{ load_id: number; extract_id: string }>(
    `select load_id, extract_id from audit.loads where sha256 = ? and status in ('loaded', 'replaced', 'superseded') limit 1`,
    [sha256],
  );
  if (previous) return { ...base, extract: previous.extract_id, status: 'skipped', loadId: previous.load_id };

  const loadId = (await db.one<{ id: number }>(`select nextval('audit.load_id_seq') as id`))!.id;
  const audit = {
    load_id: loadId,
    file_name: file,
    file_path: path,
    sha256,
    started_at: startedAt,
    run_by: effects.runBy,
    ...statColumns(stat),
  };
  // known once the header is recognised: a file refused after that is recorded as that extract
  let extract: string | null = null;
  const workDir = await mkdtemp(join(tmpdir(), 'spo-load-'));
  try {
    const sniffed = await sniffFile(db, path);
    const { contract } = sniffed;
    extract = contract.id;
    const source = await readableSource(path, sniffed, workDir);
    const profile = stepTimer(file);
    const reached = async (step: 'landed' | 'validated' | 'replaced') => {
      profile(step);
      await effects.onStep?.(step);
      crashPoint(step);
    };

    const result = await db.transaction(async () => {
      const land = sniffed.format === 'parquet' ? landParquet : landCsv;
      const parseRejects = await land(db, {
        contract,
        source,
        file,
        fileColumns: sniffed.fileColumns,
        loadId,
      });
      await reached('landed');
      const landed = await batchSize(db, contract, loadId);
      const rowsRead = landed + parseRejects;
      if (contract.personLevel) await refuseIdentifiers(db, contract, loadId, rowsRead);
      const rowsLoaded = landed - (await validateBatch(db, contract, loadId, file));
      await reached('validated');
      const period = await periodOf(db, contract, loadId);
      const sourceName = deliverySource(path);
      const replaced = await replaceDelivery(db, contract, loadId, sourceName, period);
      await reached('replaced');
      const status = replaced ? 'replaced' : 'loaded';
      await auditLoad(db, {
        ...audit,
        extract_id: contract.id,
        source: sourceName,
        period,
        status,
        rows_read: rowsRead,
        rows_loaded: rowsLoaded,
        rows_rejected: rowsRead - rowsLoaded,
        replaced_load_id: replaced ?? null,
        error: null,
        finished_at: now(),
      });
      return { status, rowsRead, rowsLoaded, period, replaced } as const;
    });
    profile('committed');

    effects.log?.(
      `${file}: ${result.status} as ${contract.id}, ${result.rowsLoaded} of ${result.rowsRead} rows`,
    );
    return {
      ...base,
      extract: contract.id,
      status: result.status,
      rowsRead: result.rowsRead,
      rowsLoaded: result.rowsLoaded,
      rowsRejected: result.rowsRead - result.rowsLoaded,
      loadId,
      period: result.period,
      ...(result.replaced ? { replacedLoadId: result.replaced } : {}),
    };
  } catch (error) {
    const rejected = asFileRejected(error);
    if (!rejected) throw error;
    const message = `${file}: ${rejected.message}`;
    extract ??= rejected.extract;
    await recordRejectedFile(db, { ...audit, extract_id: extract, finished_at: now() }, rejected, message);
    effects.log?.(message);
    return {
      ...base,
      extract,
      status: 'rejected',
      rowsRead: rejected.rowsRead,
      rowsRejected: rejected.rowsRead,
      loadId,
      error: message,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
