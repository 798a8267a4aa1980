import { NAME_HEADER } from './identifier-checks.ts';
import { basename } from 'node:path';
import { columnsOf, headerKey } from '../../warehouse/contracts/columns-of.ts';
import type { ExtractContract } from '../../warehouse/contracts/contract.ts';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';

export interface HeaderMatch {
  contract: ExtractContract;
  /** For each field of the file, in file order: the contract column it is, or null if ignored. */
  fileColumns: (string | null)[];
}

export class HeaderError extends Error {
  /** The extract the header comes closest to, when it is close enough to say. */
  readonly extract: string | null;
  constructor(message: string, extract: string | null = null) {
    super(message);
    this.extract = extract;
  }
}

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
  let best:
    | {
        contract: ExtractContract;
        missing: string[];
        unexpected: string[];
        repeated: string[];
        score: number;
      }
    | undefined;
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
    const repeated = [...new Set(fields.filter((_, i) => duplicated.includes(keys[i])))];
    if (!best || score > best.score) best = { contract, missing, unexpected, repeated, score };
  }
  // a column no extract expects, named like a person's name: say so, not just "unexpected"
  const names = (best && best.score >= 0.5 ? best.unexpected : fields).filter((f) =>
    NAME_HEADER.test(headerKey(f)),
  );
  const namesNote = names.length
    ? `column ${names.map((n) => `"${n}"`).join(', ')} would carry people’s names, a direct identifier: extracts must be pseudonymised. Remove the column and send the file again (nothing of this file was stored)`
    : '';
  if (namesNote && best && best.score >= 0.5) throw new HeaderError(namesNote);
  if (!best || best.score < 0.5) {
    throw new HeaderError(
      `the header (${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', …' : ''}) matches no known extract: see docs/extracts.md for the columns of each${namesNote ? `; ${namesNote}` : ''}`,
    );
  }
  const parts = [
    best.missing.length ? `missing ${best.missing.join(', ')}` : '',
    best.unexpected.length ? `unexpected ${best.unexpected.join(', ')}` : '',
    best.repeated.length ? `repeated ${best.repeated.join(', ')}` : '',
  ].filter(Boolean);
  throw new HeaderError(
    `looks like a ${best.contract.title.toLowerCase()} extract but its header is wrong: ${parts.join('; ')}. Fix the header to match docs/extracts.md and send the file again`,
    best.contract.id,
  );
}
