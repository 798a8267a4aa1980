import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsOf, type ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';
import { EXTRACTS_DOC, withGeneratedSection } from '../../pipelines/contracts/write-docs.ts';
import { loadFile } from '../../pipelines/load/load-file.ts';
import { splitCsvLine } from '../../pipelines/load/read-header.ts';
import { tempWarehouse, type TempWarehouse } from './temp-warehouse.ts';

const EXAMPLES: Record<string, string> = {
  referrals: 'referrals.csv',
  support_offered: 'support_offered.csv',
  wellbeing_scores: 'wellbeing_scores.csv',
  workforce_local: 'workforce_local.csv',
  targets: 'targets_local.csv',
  gp_activity: 'gp_activity.csv',
};

/** A value that breaks the column's contract, and the reason the loader should give. */
function breaking(column: ContractColumn): { value: string; reason: RegExp } | undefined {
  if (column.kind === 'list' && column.enum)
    return { value: 'not_a_code', reason: /each code .* must be one of/ };
  if (column.enum) return { value: 'not_a_code', reason: /must be one of/ };
  if (column.kind === 'date') return { value: '2024-13-45', reason: /could not be read as DATE/ };
  if ((column.kind === 'integer' || column.kind === 'number') && column.maximum !== undefined) {
    return { value: String(column.maximum + 1), reason: /must be .*–|must be at most/ };
  }
  if (column.kind === 'integer') return { value: 'lots', reason: /could not be read as INTEGER/ };
  if (column.pattern) return { value: '!!', reason: /not in the expected form|not a known code/ };
  return undefined;
}

describe('contracts', () => {
  it('docs/extracts.md shows exactly what the contracts enforce (npm run docs:extracts)', async () => {
    const doc = await readFile(EXTRACTS_DOC, 'utf8');
    const { format } = await import('prettier');
    const regenerated = await format(withGeneratedSection(doc), {
      parser: 'markdown',
      printWidth: 110,
      singleQuote: true,
    });
    expect(doc).toBe(regenerated);
  });

  it('every contract lands into a table with its columns', () => {
    for (const contract of CONTRACTS) {
      expect(columnsOf(contract).length, contract.id).toBe(Object.keys(contract.schema.shape).length);
    }
  });
});

describe('each column of each extract rejects a value that breaks its contract', () => {
  let w: TempWarehouse;
  beforeAll(async () => {
    w = await tempWarehouse();
  });
  afterAll(async () => {
    await w.close();
  });

  for (const [extract, example] of Object.entries(EXAMPLES)) {
    it(`${extract}`, async () => {
      const contract = CONTRACTS.find((c) => c.id === extract)!;
      const [header, first] = (await readFile(join('docs/examples', example), 'utf8')).trim().split('\n');
      const names = splitCsvLine(header, ',');
      const cases = columnsOf(contract).flatMap((column) => {
        const bad = breaking(column);
        return bad ? [{ column, ...bad }] : [];
      });
      expect(cases.length).toBeGreaterThan(2);
      // Every row fails its broken column, so none is also reported as a duplicate of another.
      const lines = cases.map((c) => {
        const fields = splitCsvLine(first, ',').map((v) =>
          /[,"]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v,
        );
        fields[names.indexOf(c.column.name)] = c.value;
        return fields.join(',');
      });
      const path = join(w.dir, `bad_${example}`);
      await writeFile(path, `${header}\n${lines.join('\n')}\n`);
      const report = await loadFile(path, w.effects);
      expect(report.rowsRead).toBe(cases.length);
      expect(report.rowsLoaded).toBe(0);
      const rejects = await w.db.all<{ line: number; column_name: string; reason: string }>(
        `select line, column_name, reason from audit.rejected_rows where load_id = ? order by line`,
        [report.loadId!],
      );
      for (const [i, c] of cases.entries()) {
        const reject = rejects.find((r) => r.line === i + 2 && r.column_name === c.column.name);
        expect(reject, `${extract}.${c.column.name} = ${c.value}`).toBeDefined();
        expect(reject!.reason, `${extract}.${c.column.name}`).toMatch(c.reason);
      }
    });
  }
});

// DuckDB's reader and casts round a decimal into an integer column (1.5 became 2, and was loaded
// as 2): every integer column must refuse it, from CSV and from Parquet.
describe('each integer column refuses a decimal rather than rounding it', () => {
  let w: TempWarehouse;
  beforeAll(async () => {
    w = await tempWarehouse();
  });
  afterAll(async () => {
    await w.close();
  });

  for (const [extract, example] of Object.entries(EXAMPLES)) {
    const contract = CONTRACTS.find((c) => c.id === extract)!;
    const integers = columnsOf(contract).filter((c) => c.kind === 'integer');
    if (integers.length === 0) continue;
    for (const format of ['csv', 'parquet'] as const) {
      it(`${extract} (${format}): ${integers.map((c) => c.name).join(', ')}`, async () => {
        const [header, first] = (await readFile(join('docs/examples', example), 'utf8')).trim().split('\n');
        const names = splitCsvLine(header, ',');
        // one row per integer column, holding 1.5 there; a last row with 2.0 (a whole number) loads
        const row = (column: string | null, value: string) => {
          const fields = splitCsvLine(first, ',').map((v) =>
            /[,"]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v,
          );
          if (column) fields[names.indexOf(column)] = value;
          return fields.join(',');
        };
        const lines = [...integers.map((c) => row(c.name, '1.5')), row(integers[0].name, '2.0')];
        const csv = join(w.dir, `decimal_${extract}.csv`);
        await writeFile(csv, `${header}\n${lines.join('\n')}\n`);
        let path = csv;
        if (format === 'parquet') {
          path = join(w.dir, `decimal_${extract}.parquet`);
          // integers as DOUBLE (the decimal is in the file), dates as DATE (as an export has them)
          const dateFormat = contract.format?.dateFormat ?? '%Y-%m-%d';
          const asDouble = [
            ...integers.map((c) => `"${c.name}"::DOUBLE as "${c.name}"`),
            ...columnsOf(contract)
              .filter((c) => c.kind === 'date')
              .map((c) => `strptime("${c.name}", '${dateFormat}')::DATE as "${c.name}"`),
          ].join(', ');
          await w.db.run(
            `copy (select * replace (${asDouble}) from read_csv('${csv}', all_varchar = true)) to '${path}' (format parquet)`,
          );
        }
        const report = await loadFile(path, w.effects);
        expect(report.rowsRead).toBe(lines.length);
        const rejects = await w.db.all<{ line: number; column_name: string; reason: string }>(
          `select line, column_name, reason from audit.rejected_rows where load_id = ? order by line`,
          [report.loadId!],
        );
        // a CSV's line counts the header; a Parquet row is numbered from 1
        const lineOf = (i: number) => (format === 'csv' ? i + 2 : i + 1);
        for (const [i, c] of integers.entries()) {
          const reject = rejects.find((r) => r.line === lineOf(i) && r.column_name === c.name);
          expect(reject, `${extract}.${c.name} = 1.5`).toBeDefined();
          expect(reject!.reason).toMatch(/whole number/);
        }
        // 2.0 is a whole number: whatever else the example row fails here (no reference data is
        // loaded in this warehouse), it is not that
        const whole = rejects.filter(
          (r) => r.line === lineOf(integers.length) && /whole number/.test(r.reason),
        );
        expect(whole).toEqual([]);
      });
    }
  }
});
