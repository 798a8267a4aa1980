import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { build } from '../../pipelines/model/build.ts';
import { ColumnContractFailure, columnKind } from '../../pipelines/model/check-columns.ts';
import { timestamp } from '../../warehouse/define-model.ts';
import { tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

/**
 * The build holds each model to its contract's columns. A one-model warehouse
 * (tests/fixtures/models: marts.checked = `select * from main.checked_input`) is built over input
 * tables of other shapes; its contract (checked.ts) declares month (date), pcn_code (string),
 * status (enum), people (int), fte (number), share (number, nullable), is_current (boolean),
 * started_at (timestamp).
 */
const MODELS = join(import.meta.dirname, '../fixtures/models');

/** The input as the contract wants it; each test swaps one column's SQL. */
const RIGHT: Record<string, string> = {
  month: `DATE '2024-04-01'`,
  pcn_code: `'U89141'`,
  status: `'contacted'`,
  people: `12`,
  fte: `1.5::DECIMAL(38, 9)`,
  share: `NULL::DOUBLE`,
  is_current: `true`,
  started_at: `TIMESTAMP '2024-05-01 09:30:00'`,
};

let w: TempWarehouse;

beforeAll(async () => {
  w = await tempWarehouse({ reference: false });
});

afterAll(async () => {
  await w?.close();
});

async function buildWith(columns: Record<string, string>) {
  const select = Object.entries(columns)
    .map(([name, sql]) => `${sql} as ${name}`)
    .join(', ');
  await w.db.run(`create or replace table main.checked_input as select ${select}`);
  return build(w.db, { dir: MODELS });
}

const without = (name: string) => Object.fromEntries(Object.entries(RIGHT).filter(([n]) => n !== name));

describe('the build checks a model against its contract', () => {
  it('passes a table of the contract’s names and types (DECIMAL for a number, BIGINT for an int)', async () => {
    const report = await buildWith({ ...RIGHT, people: `12::BIGINT` });
    expect(report).toMatchObject({ models: 1, contractsChecked: 1 });
  });

  it('fails naming the model, the column, the contract’s type and DuckDB’s', async () => {
    const failure = buildWith({ ...RIGHT, people: `'12'` });
    await expect(failure).rejects.toThrow(ColumnContractFailure);
    await expect(buildWith({ ...RIGHT, people: `'12'` })).rejects.toThrow(
      'model marts.checked does not match its contract (columns in checked.ts): column people is int in the contract (DuckDB TINYINT or SMALLINT or INTEGER or BIGINT or HUGEINT or UTINYINT or USMALLINT or UINTEGER or UBIGINT) but DuckDB built VARCHAR',
    );
  });

  it('tells a date from a string, a fraction from an integer, a timestamp from a date', async () => {
    await expect(buildWith({ ...RIGHT, month: `'2024-04-01'` })).rejects.toThrow(
      /column month is date in the contract \(DuckDB DATE\) but DuckDB built VARCHAR/,
    );
    await expect(buildWith({ ...RIGHT, fte: `2` })).rejects.toThrow(
      /column fte is number in the contract \(DuckDB DOUBLE or FLOAT or DECIMAL\) but DuckDB built INTEGER/,
    );
    await expect(buildWith({ ...RIGHT, started_at: `DATE '2024-05-01'` })).rejects.toThrow(
      /column started_at is timestamp in the contract \(DuckDB TIMESTAMP\) but DuckDB built DATE/,
    );
    await expect(buildWith({ ...RIGHT, is_current: `1` })).rejects.toThrow(
      /column is_current is boolean .* but DuckDB built INTEGER/,
    );
  });

  it('fails on a column the table lacks, and on one the contract lacks', async () => {
    await expect(buildWith(without('share'))).rejects.toThrow(
      /column share \(number in the contract\) is not in the table DuckDB built/,
    );
    await expect(buildWith({ ...RIGHT, extra: `'x'` })).rejects.toThrow(
      /column extra \(DuckDB VARCHAR\) is not in the contract/,
    );
  });

  it('fails on a null in a column the contract does not mark nullable', async () => {
    await expect(buildWith({ ...RIGHT, pcn_code: `NULL::VARCHAR` })).rejects.toThrow(
      /column pcn_code is not nullable in the contract but 1 row has null/,
    );
  });

  it('leaves the last good build in place when the check fails (one transaction)', async () => {
    await buildWith(RIGHT);
    await expect(buildWith({ ...RIGHT, people: `'12'` })).rejects.toThrow(ColumnContractFailure);
    expect(await w.db.all(`select people, pcn_code from marts.checked`)).toEqual([
      { people: 12, pcn_code: 'U89141' },
    ]);
  });
});

describe('columnKind', () => {
  it('reads the kind under nullable and optional, and refuses a type it cannot check', () => {
    expect(columnKind(z.int().nullable())).toEqual({ kind: 'int', nullable: true });
    expect(columnKind(z.iso.date())).toEqual({ kind: 'date', nullable: false });
    expect(columnKind(timestamp().nullable())).toEqual({ kind: 'timestamp', nullable: true });
    expect(columnKind(z.enum(['a', 'b']))).toEqual({ kind: 'enum', nullable: false });
    expect(() => columnKind(z.array(z.string()))).toThrow(/zod type array has no DuckDB type/);
    expect(() => columnKind(z.email())).toThrow(/zod type string \(email\) has no DuckDB type/);
  });
});
