/**
 * An extract carrying a direct identifier is refused whole, and nothing of it is stored: not a
 * row, not the value in a reject record or the load log, not a byte of it in the warehouse file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadFile } from '../../pipelines/load/load-file.ts';
import { rowCount, tempWarehouse, type TempWarehouse } from '../pipelines/temp-warehouse.ts';

// 943 476 5919: the NHS's published example of a number that passes the Modulus 11 check
const NHS_NUMBER = '9434765919';

let w: TempWarehouse;
beforeEach(async () => {
  w = await tempWarehouse();
});
afterEach(async () => {
  await w.close();
});

it.each([
  ['as ten digits', NHS_NUMBER],
  ['spaced 3-3-4', '943 476 5919'],
])('refuses a referrals extract with a valid NHS number %s and stores nothing of it', async (_, value) => {
  const lines = (await readFile('docs/examples/referrals.csv', 'utf8')).trimEnd().split('\n');
  const header = lines[0].split(',');
  const col = header.indexOf('person_pseudonym');
  const cells = lines[2].split(',');
  cells[col] = value;
  lines[2] = cells.join(',');
  const path = join(w.dir, 'referrals_2024-04.csv');
  await writeFile(path, lines.join('\n') + '\n');

  const report = await loadFile(path, w.effects);
  expect(report.status).toBe('rejected');
  expect(report.error).toMatch(/NHS number/);
  expect(report.error).not.toContain(value);
  expect(await rowCount(w.db, 'raw.referrals')).toBe(0);

  // no table, in any schema, holds the number in any text column
  const columns = await w.db.all<{ s: string; t: string; c: string }>(
    `select table_schema as s, table_name as t, column_name as c from information_schema.columns
     where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')`,
  );
  for (const { s, t, c } of columns) {
    const hits = await w.db.all(
      `select 1 from "${s}"."${t}" where replace("${c}", ' ', '') like '%${NHS_NUMBER}%' limit 1`,
    );
    expect(hits, `${s}.${t}.${c}`).toEqual([]);
  }
  // nor the file on disk
  await w.db.run('checkpoint');
  const bytes = await readFile(w.file);
  expect(bytes.includes(Buffer.from(NHS_NUMBER)), 'the warehouse file').toBe(false);
  expect(bytes.includes(Buffer.from('943 476 5919')), 'the warehouse file').toBe(false);
});

it.each([
  ['a pseudonym', 'person_pseudonym', "Mrs Jane O'Neil"],
  ['a referral id', 'referral_id', 'John Smith-Jones'],
])(
  'refuses a referrals extract with a person’s name as %s and stores nothing of it',
  async (_, column, name) => {
    const lines = (await readFile('docs/examples/referrals.csv', 'utf8')).trimEnd().split('\n');
    const col = lines[0].split(',').indexOf(column);
    const cells = lines[3].split(',');
    cells[col] = name;
    lines[3] = cells.join(',');
    const path = join(w.dir, 'referrals_2024-04.csv');
    await writeFile(path, lines.join('\n') + '\n');

    const report = await loadFile(path, w.effects);
    expect(report.status).toBe('rejected');
    expect(report.error).toMatch(/line 4, column \w+ holds what looks like a person’s name/);
    expect(report.error).not.toContain(name.split(' ').at(-1));
    expect(await rowCount(w.db, 'raw.referrals')).toBe(0);
    await w.db.run('checkpoint');
    const bytes = await readFile(w.file);
    expect(bytes.includes(Buffer.from(name.split(' ').at(-1)!)), 'the warehouse file').toBe(false);
  },
);

it('refuses an extract with a column for names, naming the column', async () => {
  const lines = (await readFile('docs/examples/referrals.csv', 'utf8')).trimEnd().split('\n');
  const out = lines.map((l, i) => `${l},${i === 0 ? 'Surname' : 'Smith'}`);
  const path = join(w.dir, 'referrals_2024-04.csv');
  await writeFile(path, out.join('\n') + '\n');
  const report = await loadFile(path, w.effects);
  expect(report.status).toBe('rejected');
  expect(report.error).toMatch(/column "Surname" would carry people’s names/);
  expect(await rowCount(w.db, 'raw.referrals')).toBe(0);
});

it('loads every example extract: codes, pseudonyms and reference names are not taken for people’s names', async () => {
  const { readdir } = await import('node:fs/promises');
  for (const f of (await readdir('docs/examples')).filter((f) => /\.(csv|parquet)$/.test(f))) {
    const report = await loadFile(join('docs/examples', f), w.effects);
    expect(report.error ?? '', f).not.toMatch(/name/);
  }
});
