import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';
import { dirname } from 'node:path';

/**
 * A thin wrapper over one DuckDB connection: SQL in, plain JSON-safe rows out (BIGINT counts
 * become numbers at this one boundary, DATEs ISO strings).
 */
export interface Database {
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T | undefined>;
  /** Runs `work` in one transaction: all of it commits, or none of it does. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
  readonly path: string;
}

export async function openDatabase(
  path: string,
  options: { readOnly?: boolean; memoryLimit?: string; threads?: number; tempDirectory?: string } = {},
): Promise<Database> {
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  // Where data beyond the limit spills: a file database's default is `<file>.tmp` beside it, an
  // in-memory one's `.tmp` in whatever folder the process was started from.
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.memoryLimit) {
    config.memory_limit = options.memoryLimit;
    // The limit bounds DuckDB's buffer manager only. Its allocator keeps freed memory for reuse
    // (128 MiB a thread, and up to 512 MiB after a bulk free) before returning it to the system,
    // and the process's resident peak counts all of it: return it sooner, from a background thread.
    config.allocator_flush_threshold = '32MB';
    config.allocator_bulk_deallocation_flush_threshold = '64MB';
    config.allocator_background_threads = 'true';
  }
  if (options.threads) config.threads = String(options.threads);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    throw explainDiskError(error, path);
  }
  const connection = await DuckDBConnection.create(instance);
  return wrap(path, instance, connection);
}

const WIDE_INTEGERS = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.DECIMAL,
]);

/** JSON rows, with top-level BIGINT and DECIMAL columns (sent as strings by DuckDB) as numbers. */
function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.columnNames();
  const numeric = reader.columnTypes().map((type) => WIDE_INTEGERS.has(type.typeId));
  return reader.getRowObjectsJson().map((row) => {
    for (let i = 0; i < names.length; i++) {
      const value = row[names[i]];
      if (numeric[i] && typeof value === 'string') row[names[i]] = Number(value);
    }
    return row;
  });
}

/**
 * DuckDB reports a full or read-only disk as the file it could not write ("IO Error: Could not
 * write file …/warehouse.duckdb.wal: No space left on device"), often as a FATAL checkpoint error.
 * Say what happened, what is safe, and what to do.
 */
export function explainDiskError(error: unknown, path: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const where = path === ':memory:' ? 'the temporary folder' : dirname(path);
  const detail = message.split('\n')[0];
  if (/No space left on device|ENOSPC|disk is full/i.test(message)) {
    return new Error(
      `the disk holding ${where} is full (${detail}). What was committed before is kept and the published snapshot is unchanged: free some space and run the command again`,
      { cause: error },
    );
  }
  if (/Read-only file system|EROFS/i.test(message)) {
    return new Error(
      `${where} is on a read-only file system (${detail}): the warehouse needs a folder it can write to (point --db elsewhere, or remount it read-write)`,
      { cause: error },
    );
  }
  return error;
}

function wrap(path: string, instance: DuckDBInstance, connection: DuckDBConnection): Database {
  let inTransaction = false;
  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw explainDiskError(error, path);
    }
  };
  const db: Database = {
    path,
    async run(sql, params) {
      await explained(() => connection.run(sql, params));
    },
    async all<T>(sql: string, params?: DuckDBValue[]) {
      return plainRows(await explained(() => connection.runAndReadAll(sql, params))) as T[];
    },
    async one<T>(sql: string, params?: DuckDBValue[]) {
      return (await db.all<T>(sql, params))[0];
    },
    async transaction(work) {
      if (inTransaction) return work();
      await connection.run('begin transaction');
      inTransaction = true;
      try {
        const result = await work();
        await explained(() => connection.run('commit'));
        return result;
      } catch (error) {
        await connection.run('rollback').catch(() => undefined);
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  return db;
}
