import { z } from 'zod';
import type { ColumnMeta, ExtractContract } from './contract.ts';

/** One column of a contract, read off its zod schema through JSON Schema. */
export interface ContractColumn extends Partial<ColumnMeta> {
  name: string;
  /** The header as published, normalised for matching (lower case, runs of non-alphanumerics as `_`). */
  headerKey: string;
  sqlType: string;
  nullable: boolean;
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'list';
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
}

type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
};

export const headerKey = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const bound = (value: unknown) =>
  typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;

const cache = new WeakMap<ExtractContract, ContractColumn[]>();

export function columnsOf(contract: ExtractContract): ContractColumn[] {
  const cached = cache.get(contract);
  if (cached) return cached;
  const json = z.toJSONSchema(contract.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = json.properties as Record<string, JsonSchema>;
  const columns = Object.entries(properties).map(([name, outer]) => toColumn(contract.id, name, outer));
  cache.set(contract, columns);
  return columns;
}

function toColumn(contractId: string, name: string, outer: JsonSchema): ContractColumn {
  // zod writes a nullable column either as anyOf [T, null] or, for simple types, as type [T, 'null'].
  const variants = outer.anyOf ?? [outer];
  const types = (v: JsonSchema) => (Array.isArray(v.type) ? (v.type as string[]) : [v.type]);
  const nullable = variants.some((v) => types(v).includes('null'));
  const found = variants.find((v) => types(v).some((t) => t !== 'null')) ?? {};
  const inner: JsonSchema = { ...found, type: types(found).find((t) => t !== 'null') };
  // Metadata sits on the outermost schema that .meta() was called on.
  const meta = { ...inner, ...outer } as JsonSchema & Partial<ColumnMeta>;
  let kind: ContractColumn['kind'];
  let sqlType: string;
  if (inner.type === 'array') {
    kind = 'list';
    sqlType = 'VARCHAR';
  } else if (inner.type === 'integer') {
    kind = 'integer';
    sqlType = 'INTEGER';
  } else if (inner.type === 'number') {
    kind = 'number';
    sqlType = 'DOUBLE';
  } else if (inner.type === 'boolean') {
    kind = 'boolean';
    sqlType = 'BOOLEAN';
  } else if (inner.type === 'string' && inner.format === 'date') {
    kind = 'date';
    sqlType = 'DATE';
  } else if (inner.type === 'string') {
    kind = 'string';
    sqlType = 'VARCHAR';
  } else {
    throw new Error(`contract ${contractId}: column ${name} has a type the loader cannot land`);
  }
  if (meta.sqlType) {
    sqlType = meta.sqlType;
    if (sqlType === 'DATE') kind = 'date';
  }
  const enumSource = kind === 'list' ? inner.items : inner;
  return {
    name,
    headerKey: headerKey(meta.header ?? name),
    description: meta.description,
    prsb: meta.prsb,
    normalize: meta.normalize,
    separator: meta.separator,
    references: meta.references,
    example: meta.example,
    header: meta.header,
    sqlType,
    nullable,
    kind,
    enum: enumSource?.enum?.map(String),
    // zod's ISO-date pattern is enforced by the typed read itself.
    pattern: inner.format === 'date' ? undefined : (inner.pattern as string | undefined),
    // zod's int() carries the safe-integer bounds: they say nothing to a person or to SQL.
    minimum: bound(inner.minimum),
    maximum: bound(inner.maximum),
    minLength: inner.minLength as number | undefined,
    maxLength: inner.maxLength as number | undefined,
    minItems: inner.minItems as number | undefined,
  };
}
