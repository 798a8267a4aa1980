// The load benchmark's baseline: DuckDB's own typed read_csv of the same files into a fresh
// database file, with the contracts' column types and reject capture (store_rejects, as the
// loader's landing keeps each unreadable row) and nothing else: no checks, no audit, no models.
// Parquet files are read with read_parquet. Usage: node bench/bare-read-csv.ts DB DIR [DIR…]
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../pipelines/db/database.ts';
import { columnsOf } from '../warehouse/contracts/columns-of.ts';
import { sqlString } from '../pipelines/contracts/compile-checks.ts';
import { detectExtract } from '../pipelines/load/detect-extract.ts';
import { readHead } from '../pipelines/load/read-header.ts';
import { settings } from '../src/lib/config/settings.ts';

const [dbFile, ...dirs] = process.argv.slice(2);
if (!dbFile || dirs.length === 0) throw new Error('usage: bare-read-csv.ts DB DIR [DIR…]');
const db = await openDatabase(dbFile, { memoryLimit: settings().SPO_MEMORY_LIMIT });
let n = 0;
for (const dir of dirs) {
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (name.endsWith('.parquet')) {
      await db.run(`create table t${n++} as select * from read_parquet(${sqlString(path)})`);
      continue;
    }
    if (!name.endsWith('.csv')) continue;
    const head = await readHead(path);
    const { contract, fileColumns } = detectExtract(name, head.fields);
    const types = new Map(columnsOf(contract).map((c) => [c.name, c.sqlType]));
    const columns = fileColumns.map(
      (c, i) => `${sqlString(c ?? `ignored_${i}`)}: ${sqlString(types.get(c!) ?? 'VARCHAR')}`,
    );
    await db.run(
      `create table t${n++} as select * from read_csv(${sqlString(path)}, header = true, auto_detect = false,
         columns = {${columns.join(', ')}}, dateformat = ${sqlString(contract.format?.dateFormat ?? '%Y-%m-%d')},
         store_rejects = true)`,
    );
  }
}
db.close();
