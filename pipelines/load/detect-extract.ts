import { basename } from 'node:path';
import { columnsOf, headerKey } from '../contracts/columns-of.ts';
import type { ExtractContract } from '../contracts/contract.ts';
import { CONTRACTS } from '../contracts/index.ts';

export interface HeaderMatch {
  contract: ExtractContract;
  /** For each field of the file, in file order: the contract column it is, or null if ignored. */
  fileColumns: (string | null)[];
}

export class HeaderError extends Error {}

/**
 * Recognises a file's extract from its header. A header that is close to one extract but wrong
 * is refused with the columns that are missing or unexpected, so the sender knows what to fix.
 */
export function detectExtract(fileName: string, fields: string[]): HeaderMatch {
  const byName = CONTRACTS.find((c) => c.fileNamePattern?.test(basename(fileName)));
  if (byName && byName.format?.header === false) {
    return { contract: byName, fileColumns: columnsOf(byName).map((c) => c.name) };
  }
  const keys = fields.map(headerKey);
  let best: { contract: ExtractContract; missing: string[]; unexpected: string[]; score: number } | undefined;
  for (const contract of CONTRACTS.filter((c) => c.format?.header !== false)) {
    const columns = columnsOf(contract);
    const expected = new Set(columns.map((c) => c.headerKey));
    const ignored = new Set((contract.ignoredColumns ?? []).map(headerKey));
    const missing = columns.filter((c) => !keys.includes(c.headerKey)).map((c) => c.header ?? c.name);
    const unexpected = fields.filter((f, i) => !expected.has(keys[i]) && !ignored.has(keys[i]));
    const matched = columns.length - missing.length;
    const duplicated = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (missing.length === 0 && unexpected.length === 0 && duplicated.length === 0) {
      const fileColumns = keys.map((k) => columns.find((c) => c.headerKey === k)?.name ?? null);
      return { contract, fileColumns };
    }
    const score = matched / columns.length;
    if (!best || score > best.score) best = { contract, missing, unexpected, score };
  }
  if (!best || best.score < 0.5) {
    throw new HeaderError(
      `the header (${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', …' : ''}) matches no known extract: see docs/extracts.md for the columns of each`,
    );
  }
  const parts = [
    best.missing.length ? `missing ${best.missing.join(', ')}` : '',
    best.unexpected.length ? `unexpected ${best.unexpected.join(', ')}` : '',
  ].filter(Boolean);
  throw new HeaderError(
    `looks like a ${best.contract.title.toLowerCase()} extract but its header is wrong: ${parts.join('; ') || 'a column appears twice'}. Fix the header to match docs/extracts.md and send the file again`,
  );
}
