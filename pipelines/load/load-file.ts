import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { columnsOf, type ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import { failuresExpression, landingExpression, quoteIdent, sqlString } from '../contracts/compile-checks.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';
import { crashPoint } from '../db/crash-point.ts';
import type { Database } from '../db/database.ts';
import { deliverySource } from './delivery.ts';
import { detectExtract, HeaderError } from './detect-extract.ts';
import { hashFile } from './hash-file.ts';
import { IDENTIFIER_REASON } from './identifier-checks.ts';
import { checkGzipComplete, readHead } from './read-header.ts';
import { transcodeToUtf8 } from './transcode.ts';
import { settings } from '../../src/lib/config/settings.ts';

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
}

/** A whole-file refusal: nothing of the file is kept but the reason (and the lines that caused it). */
class FileRejected extends Error {
  readonly rowsRead: number;
  readonly lines: { line: number; column: string; reason: string }[];
  constructor(message: string, rowsRead = 0, lines: FileRejected['lines'] = []) {
    super(message);
    this.rowsRead = rowsRead;
    this.lines = lines;
  }
}

/**
 * Loads one extract file in one transaction: land (typed read with reject capture), refuse direct
 * identifiers, validate against the contract, drop duplicates, replace a corrected delivery, and
 * record the load. A crash part-way leaves nothing of the batch behind.
 */
export async function loadFile(path: string, effects: LoadEffects): Promise<FileReport> {
  const { db } = effects;
  const now = effects.now ?? (() => new Date());
  const startedAt = now();
  const file = basename(path);
  const sha256 = await hashFile(path);
  const base = { file, sha256, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };

  const previous = await db.one<{ load_id: number; extract_id: string }>(
    `select load_id, extract_id from audit.loads where sha256 = ? and status in ('loaded', 'replaced', 'superseded') limit 1`,
    [sha256],
  );
  if (previous) return { ...base, extract: previous.extract_id, status: 'skipped', loadId: previous.load_id };

  const loadId = (await db.one<{ id: number }>(`select nextval('audit.load_id_seq') as id`))!.id;
  let contract: ExtractContract | undefined;
  const workDir = await mkdtemp(join(tmpdir(), 'spo-load-'));
  try {
    const isParquet = extname(path).toLowerCase() === '.parquet';
    if ((await stat(path)).size === 0) throw new FileRejected('the file is empty (0 bytes): send it again');
    let source = path;
    let fileColumns: (string | null)[];
    if (isParquet) {
      const described = await db.all<{ column_name: string }>(
        `describe select * from read_parquet(${sqlString(path)})`,
      );
      ({ contract, fileColumns } = detectExtract(
        file,
        described.map((d) => d.column_name),
      ));
    } else {
      const head = await readHead(path);
      if (head.empty) throw new FileRejected('the file is empty: send it again with a header row');
      ({ contract, fileColumns } = detectExtract(file, head.fields));
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
      if (from === 'windows-1252' || from === 'utf-16le' || from === 'utf-16be') {
        source = join(workDir, 'utf8.csv');
        await transcodeToUtf8(path, source, from, head.gzip);
      }
    }
    const found = contract;
    const profile = stepTimer(file);
    const result = await db.transaction(async () => {
      const parseRejects = isParquet
        ? await landParquet(db, found, source, fileColumns, loadId)
        : await landCsv(db, found, source, fileColumns, loadId);
      profile('landed');
      await effects.onStep?.('landed');
      crashPoint('landed');
      const landed = await count(db, found, loadId);
      const rowsRead = landed + parseRejects;
      if (found.personLevel) await refuseIdentifiers(db, found, loadId, rowsRead);
      const validationRejects = await validate(db, found, loadId, file);
      profile('validated');
      await effects.onStep?.('validated');
      crashPoint('validated');
      const rowsLoaded = landed - validationRejects;
      const period = await periodOf(db, found, loadId);
      const sourceName = deliverySource(path);
      const replaced = await replaceEarlier(db, found, loadId, sourceName, period);
      profile('replaced');
      await effects.onStep?.('replaced');
      crashPoint('replaced');
      const status: LoadStatus = replaced ? 'replaced' : 'loaded';
      const finishedAt = now();
      await db.run(
        `insert into audit.loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?)`,
        [
          loadId,
          file,
          path,
          sha256,
          found.id,
          sourceName,
          period,
          status,
          rowsRead,
          rowsLoaded,
          rowsRead - rowsLoaded,
          replaced ?? null,
          startedAt.toISOString(),
          finishedAt.toISOString(),
          finishedAt.getTime() - startedAt.getTime(),
          effects.runBy,
        ],
      );
      return { status, rowsRead, rowsLoaded, period, replaced };
    });
    profile('committed');
    effects.log?.(
      `${file}: ${result.status} as ${found.id}, ${result.rowsLoaded} of ${result.rowsRead} rows`,
    );
    return {
      ...base,
      extract: found.id,
      status: result.status,
      rowsRead: result.rowsRead,
      rowsLoaded: result.rowsLoaded,
      rowsRejected: result.rowsRead - result.rowsLoaded,
      loadId,
      period: result.period,
      ...(result.replaced ? { replacedLoadId: result.replaced } : {}),
    };
  } catch (error) {
    if (!(error instanceof FileRejected || error instanceof HeaderError || isReadError(error))) throw error;
    const rejected =
      error instanceof FileRejected
        ? error
        : error instanceof HeaderError
          ? new FileRejected(error.message)
          : new FileRejected(readErrorMessage(error));
    contract ??=
      error instanceof HeaderError && error.extract
        ? CONTRACTS.find((c) => c.id === error.extract)
        : undefined;
    const message = `${file}: ${rejected.message}`;
    await recordRejectedFile(db, {
      loadId,
      file,
      path,
      sha256,
      contract,
      rejected,
      message,
      startedAt,
      now,
      effects,
    });
    effects.log?.(message);
    return {
      ...base,
      extract: contract?.id ?? null,
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

/** With SPO_PROFILE set, each step's time goes to stderr: where a load spends it. */
function stepTimer(file: string) {
  let last = performance.now();
  return (step: string) => {
    if (!settings().SPO_PROFILE) return;
    const now = performance.now();
    process.stderr.write(`${file}\t${step}\t${Math.round(now - last)} ms\n`);
    last = now;
  };
}

const raw = (contract: ExtractContract) => `raw.${quoteIdent(contract.id)}`;

async function count(db: Database, contract: ExtractContract, loadId: number): Promise<number> {
  return (await db.one<{ n: number }>(`select count(*) as n from ${raw(contract)} where load_id = ?`, [
    loadId,
  ]))!.n;
}

function columnList(contract: ExtractContract): ContractColumn[] {
  return columnsOf(contract);
}

/**
 * Inserts a batch (a query yielding source_row and the contract's columns, as landed) together
 * with the list of checks each row fails, computed in the same pass over the file: the batch is
 * read once (decision 0003). `_failures` is null for a valid row.
 */
async function insertChecked(db: Database, contract: ExtractContract, loadId: number, batch: string) {
  const names = columnList(contract)
    .map((c) => quoteIdent(c.name))
    .join(', ');
  await db.run(
    `insert into ${raw(contract)} (load_id, source_row, ${names}, _failures)
     select ${loadId}, source_row, ${names}, case when len(_f) = 0 then null else _f end
     from (select *, ${failuresExpression(contract)} as _f from (${batch}))`,
  );
}

/** Lands a CSV with DuckDB's typed reader; rows it cannot parse go to audit.rejected_rows. */
async function landCsv(
  db: Database,
  contract: ExtractContract,
  path: string,
  fileColumns: (string | null)[],
  loadId: number,
): Promise<number> {
  const columns = columnList(contract);
  const typeOf = (name: string | null) => columns.find((c) => c.name === name)?.sqlType ?? 'VARCHAR';
  const readColumns = fileColumns
    .map((name, i) => `${sqlString(name ?? `ignored_${i}`)}: ${sqlString(typeOf(name))}`)
    .join(', ');
  const header = contract.format?.header !== false;
  const head = await readHead(path);
  const delimiter = contract.format?.delimiter ?? head.delimiter;
  // Compression from the bytes, not the name: a gzipped file called .csv is read as gzip, not as
  // binary that yields no rows.
  const compression = head.gzip ? 'gzip' : 'none';
  await db.run('drop table if exists reject_errors; drop table if exists reject_scans;');
  const landed = columns.map((c) => `${landingExpression(c)} as ${quoteIdent(c.name)}`).join(', ');
  await insertChecked(
    db,
    contract,
    loadId,
    `select row_number() over () as source_row, ${landed}
     from read_csv(${sqlString(path)}, header = ${header}, columns = {${readColumns}}, auto_detect = false,
       compression = '${compression}', delim = ${sqlString(delimiter)}, quote = '"', escape = '"', dateformat = ${sqlString(contract.format?.dateFormat ?? '%Y-%m-%d')},
       nullstr = [${(contract.format?.nullStrings ?? ['']).map(sqlString).join(', ')}],
       store_rejects = true, rejects_limit = 0, max_line_size = 1048576)`,
  );
  // One row can fail in several ways; it is one rejected row.
  await db.run(
    `create or replace temp table parse_rejects as
     select line, first(column_name order by column_idx) as column_name,
            first(error_type order by column_idx) as error_type,
            first(error_message order by column_idx) as error_message
     from reject_errors group by line`,
  );
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(basename(path))}, line, column_name,
       left(coalesce(regexp_extract(error_message, 'string "(.*)" to', 1), ''), 200),
       case error_type
         when 'CAST' then 'could not be read as ' || coalesce(regexp_extract(error_message, 'to ''([A-Z]+)''', 1), 'its type')
           || case when error_message like '%''DATE''%' then ' (write dates as yyyy-mm-dd)' else '' end
         when 'MISSING COLUMNS' then 'has too few fields: ' || error_message
         when 'TOO MANY COLUMNS' then 'has too many fields: ' || error_message || ' (quote text that contains the delimiter)'
         when 'UNQUOTED VALUE' then 'has a quote character inside an unquoted field: quote the field and double the quotes in it'
         when 'LINE SIZE OVER MAXIMUM' then 'is longer than 1 MB: check for a missing closing quote'
         when 'INVALID ENCODING' then 'is not valid UTF-8: save the file as UTF-8'
         when 'INVALID UNICODE' then 'is not valid UTF-8: save the file as UTF-8'
         else lower(error_type) || ': ' || error_message end
     from parse_rejects`,
  );
  return (await db.one<{ n: number }>('select count(*) as n from parse_rejects'))!.n;
}

/** Lands a Parquet file: values that do not cast to the contract's type are rejected like bad CSV fields. */
async function landParquet(
  db: Database,
  contract: ExtractContract,
  path: string,
  fileColumns: (string | null)[],
  loadId: number,
): Promise<number> {
  const columns = columnList(contract);
  const present = new Map(fileColumns.map((name, i) => [name, i] as const));
  const described = await db.all<{ column_name: string }>(
    `describe select * from read_parquet(${sqlString(path)})`,
  );
  const sourceName = (c: ContractColumn) => quoteIdent(described[present.get(c.name)!].column_name);
  const castOf = (c: ContractColumn) => `try_cast(${sourceName(c)} as ${c.sqlType})`;
  const failed = columns
    .map(
      (c) =>
        `case when ${sourceName(c)} is not null and ${castOf(c)} is null then {'column_name': '${c.name}', 'value': left(${sourceName(c)}::VARCHAR, 200), 'reason': 'could not be read as ${c.sqlType}'} end`,
    )
    .join(', ');
  await db.run(
    `create or replace temp table parquet_source as
     select file_row_number + 1 as source_row, list_filter([${failed}], lambda f: f is not null) as failures, *
     from read_parquet(${sqlString(path)}, file_row_number = true)`,
  );
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(basename(path))}, source_row, failures[1].column_name, failures[1].value, failures[1].reason
     from parquet_source where len(failures) > 0`,
  );
  await insertChecked(
    db,
    contract,
    loadId,
    `select source_row, ${columns.map((c) => `${landingExpression(c, castOf(c))} as ${quoteIdent(c.name)}`).join(', ')}
     from parquet_source where len(failures) = 0`,
  );
  await db.run('create or replace temp table parse_rejects as select null::BIGINT as line where false');
  const n = await db.one<{ n: number }>('select count(*) as n from parquet_source where len(failures) > 0');
  await db.run('drop table parquet_source');
  return n!.n;
}

/** The file line of a landed row: its ordinal plus the header plus the unparseable rows before it. */
const lineOf = (sourceRow: string) =>
  `(${sourceRow} + 1 + (select count(*) from (select line - 1 - row_number() over (order by line) as good_before from parse_rejects) p where p.good_before < ${sourceRow}))`;

async function refuseIdentifiers(db: Database, contract: ExtractContract, loadId: number, rowsRead: number) {
  const findings = await db.all<{ source_row: number; column_name: string; kind: string }>(
    `select source_row, f.column_name, regexp_extract(f.reason, '${IDENTIFIER_REASON} (.*)', 1) as kind from (
       select source_row, unnest(_failures) as f from ${raw(contract)}
       where load_id = ? and _failures is not null)
     where starts_with(f.reason, '${IDENTIFIER_REASON}') order by source_row limit 20`,
    [loadId],
  );
  if (findings.length === 0) return;
  const lines = await Promise.all(
    findings.map(async (f) => ({
      line: (await db.one<{ line: number }>(`select ${lineOf(String(f.source_row))} as line`))!.line,
      column: f.column_name,
      reason: `holds what looks like ${f.kind}: a direct identifier (value withheld)`,
    })),
  );
  const first = lines[0];
  throw new FileRejected(
    `line ${first.line}, column ${first.column} holds what looks like ${findings[0].kind}. Extracts must be pseudonymised: remove direct identifiers and send the file again (nothing of this file was stored)`,
    rowsRead,
    lines,
  );
}

/** Runs every contract check over the batch in one pass, then drops duplicates of the key. */
async function validate(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  file: string,
): Promise<number> {
  await db.run(
    `create or replace temp table failures as
     select source_row, f.column_name, f.value, f.reason from (
       select source_row, unnest(_failures) as f
       from ${raw(contract)} where load_id = ${loadId} and _failures is not null)`,
  );
  if (contract.key.length > 0) await rejectDuplicates(db, contract, loadId);
  await db.run(
    `insert into audit.rejected_rows
     select ${loadId}, ${sqlString(file)}, ${lineOf('source_row')}, column_name, value, reason from failures`,
  );
  await db.run(
    `delete from ${raw(contract)} where load_id = ${loadId} and source_row in (select source_row from failures)`,
  );
  return (await db.one<{ n: number }>('select count(distinct source_row) as n from failures'))!.n;
}

/** Rows repeating the key of an earlier row in the same delivery are rejected, pointing at the first. */
async function rejectDuplicates(db: Database, contract: ExtractContract, loadId: number) {
  const key = contract.key.map(quoteIdent);
  const keyText = key.map((k) => `coalesce(${k}::VARCHAR, '')`).join(` || ' / ' || `);
  await db.run(
    `insert into failures
     select source_row, ${sqlString(contract.key.join(', '))}, key_value,
       'duplicate of the row on line ' || first_line || ': each ${contract.key.join(' + ')} must appear once in a delivery'
     from (
       select source_row, ${keyText} as key_value,
         row_number() over (partition by ${key.join(', ')} order by source_row) as n,
         min(source_row) over (partition by ${key.join(', ')}) as first_row
       from ${raw(contract)}
       where load_id = ${loadId} and (${key.join(', ')}) in (
         select (${key.join(', ')}) from ${raw(contract)} where load_id = ${loadId}
         group by all having count(*) > 1)
     ) d, lateral (select ${lineOf('d.first_row')} as first_line)
     where n > 1 and source_row not in (select source_row from failures)`,
  );
}

async function periodOf(db: Database, contract: ExtractContract, loadId: number): Promise<string | null> {
  if (contract.fixedPeriod) return contract.fixedPeriod;
  const row = await db.one<{ first: string | null; last: string | null }>(
    `select strftime(min(${contract.periodSql}), '%Y-%m') as first, strftime(max(${contract.periodSql}), '%Y-%m') as last
     from ${raw(contract)} where load_id = ?`,
    [loadId],
  );
  if (!row?.first) return null;
  return row.first === row.last ? row.first : `${row.first}..${row.last}`;
}

/** A corrected delivery (same extract, source and period, new bytes) replaces the earlier batch. */
async function replaceEarlier(
  db: Database,
  contract: ExtractContract,
  loadId: number,
  source: string,
  period: string | null,
): Promise<number | undefined> {
  if (period === null) return undefined;
  const earlier = await db.all<{ load_id: number }>(
    `select load_id from audit.loads where extract_id = ? and source = ? and period = ?
       and status in ('loaded', 'replaced') and load_id <> ?`,
    [contract.id, source, period, loadId],
  );
  for (const { load_id } of earlier) {
    await db.run(`delete from ${raw(contract)} where load_id = ?`, [load_id]);
    await db.run(`update audit.loads set status = 'superseded' where load_id = ?`, [load_id]);
  }
  return earlier.at(-1)?.load_id;
}

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

async function recordRejectedFile(
  db: Database,
  r: {
    loadId: number;
    file: string;
    path: string;
    sha256: string;
    contract: ExtractContract | undefined;
    rejected: FileRejected;
    message: string;
    startedAt: Date;
    now: () => Date;
    effects: LoadEffects;
  },
) {
  const finishedAt = r.now();
  await db.transaction(async () => {
    await db.run(
      `insert into audit.loads values (?, ?, ?, ?, ?, null, null, 'rejected', ?, 0, ?, null, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?, ?)`,
      [
        r.loadId,
        r.file,
        r.path,
        r.sha256,
        r.contract?.id ?? null,
        r.rejected.rowsRead,
        r.rejected.rowsRead,
        r.message,
        r.startedAt.toISOString(),
        finishedAt.toISOString(),
        finishedAt.getTime() - r.startedAt.getTime(),
        r.effects.runBy,
      ],
    );
    for (const line of r.rejected.lines) {
      await db.run(`insert into audit.rejected_rows values (?, ?, ?, ?, null, ?)`, [
        r.loadId,
        r.file,
        line.line,
        line.column,
        line.reason,
      ]);
    }
  });
}
