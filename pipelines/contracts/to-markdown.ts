import { columnsOf, type ContractColumn } from '../../warehouse/contracts/columns-of.ts';
import { compileChecks } from './compile-checks.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';

const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(column: ContractColumn): string {
  const kind = {
    string: 'text',
    integer: 'whole number',
    number: 'number',
    boolean: 'true / false',
    date: 'date yyyy-mm-dd',
    list: 'list of codes',
  }[column.kind];
  return column.sqlType === 'DATE' && column.kind === 'date' && column.pattern ? 'month yyyy-mm' : kind;
}

function allowed(column: ContractColumn): string {
  const parts: string[] = [];
  if (column.enum) parts.push(column.enum.map((c) => `\`${c}\``).join(', '));
  if (column.minimum !== undefined || column.maximum !== undefined) {
    parts.push(`${column.minimum ?? '…'}–${column.maximum ?? '…'}`);
  }
  if (column.references) parts.push(`must exist in ${column.references.split('.')[1]}`);
  if (column.normalize) parts.push('any case');
  if (column.pattern && !column.example) parts.push(`pattern \`${column.pattern}\``);
  if (column.example && !column.enum) parts.push(`e.g. \`${column.example}\``);
  return parts.join('; ');
}

export function contractMarkdown(contract: ExtractContract): string {
  const rows = columnsOf(contract).map(
    (c) =>
      `| \`${c.header ?? c.name}\` | ${cell(c.description)} | ${typeOf(c)} | ${c.nullable ? 'optional' : 'required'} | ${cell(allowed(c))} | ${cell(c.prsb)} |`,
  );
  const rules = (contract.rules ?? []).filter((r) => !/^item_/.test(r.column)).map((r) => `- ${r.reason}`);
  const itemRules = (contract.rules ?? []).some((r) => /^item_/.test(r.column))
    ? [
        "- each instrument's items must be in its range (`src/lib/stats/instruments.ts`); items beyond its length empty",
      ]
    : [];
  return [
    `### ${contract.title} (\`${contract.id}\`)`,
    '',
    contract.description,
    '',
    `Source of the terms: ${contract.source}.`,
    contract.key.length
      ? `One row per ${contract.key.map((k) => `\`${k}\``).join(' + ')} in a delivery.`
      : '',
    contract.format?.encoding === 'windows-1252' ? 'Accepted as published: Windows-1252, CRLF.' : '',
    contract.ignoredColumns?.length
      ? `Also accepted but not stored: ${contract.ignoredColumns.map((c) => `\`${c.toUpperCase()}\``).join(', ')}.`
      : '',
    '',
    '| column | meaning | type | | allowed values | PRSB term |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(rules.length + itemRules.length
      ? ['Rows are also rejected when:', '', ...rules, ...itemRules, '']
      : []),
    `${compileChecks(contract).length} checks in all.`,
    '',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

/** The generated part of docs/extracts.md: one section per contract. */
export function contractsMarkdown(): string {
  return CONTRACTS.map(contractMarkdown).join('\n');
}
