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
