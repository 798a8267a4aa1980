// The load benchmark's baseline: DuckDB's own typed read_csv of the same files into a fresh
// database file, with the contracts' column types and nothing else (no checks, no audit, no models).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '../pipelines/db/database.ts';
import { columnsOf } from '../warehouse/contracts/columns-of.ts';
import { sqlString } from '../pipelines/contracts/compile-checks.ts';
import { detectExtract } from '../pipelines/load/detect-extract.ts';
import { readHead } from '../pipelines/load/read-header.ts';
import { settings } from '../src/lib/config/settings.ts';

const [dir, dbFile] = process.argv.slice(2);
const db = await openDatabase(dbFile, { memoryLimit: settings().SPO_MEMORY_LIMIT });
let n = 0;
for (const name of (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort()) {
  const path = join(dir, name);
  const head = await readHead(path);
  const { contract, fileColumns } = detectExtract(name, head.fields);
  const types = new Map(columnsOf(contract).map((c) => [c.name, c.sqlType]));
  const columns = fileColumns.map(
    (c, i) => `${sqlString(c ?? `ignored_${i}`)}: ${sqlString(types.get(c!) ?? 'VARCHAR')}`,
  );
  await db.run(
    `create table t${n++} as select * from read_csv(${sqlString(path)}, header = true, auto_detect = false,
       columns = {${columns.join(', ')}}, dateformat = ${sqlString(contract.format?.dateFormat ?? '%Y-%m-%d')})`,
  );
}
db.close();
