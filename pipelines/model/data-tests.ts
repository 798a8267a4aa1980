import type { DataTest } from '../../warehouse/define-model.ts';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (v: string | number | boolean) =>
  typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);

/** A data test as a SQL query whose rows are failures, and a name for the report. */
export function compileDataTest(relation: string, test: DataTest): { name: string; sql: string } {
  switch (test.type) {
    case 'unique': {
      const cols = test.columns.map(q).join(', ');
      return {
        name: `unique(${test.columns.join(', ')})`,
        sql: `select ${cols}, count(*) as n from ${relation} group by all having count(*) > 1`,
      };
    }
    case 'not_null':
      return {
        name: `not_null(${test.columns.join(', ')})`,
        sql: `select * from ${relation} where ${test.columns.map((c) => `${q(c)} is null`).join(' or ')}`,
      };
    case 'accepted_values':
      return {
        name: `accepted_values(${test.column})`,
        sql: `select distinct ${q(test.column)} from ${relation} where ${q(test.column)} not in (${test.values.map(lit).join(', ')})`,
      };
    case 'relationships': {
      const [schema, table, column] = test.to.split('.');
      return {
        name: `relationships(${test.column} → ${test.to})`,
        sql: `select distinct ${q(test.column)} from ${relation} where ${q(test.column)} is not null
              and ${q(test.column)} not in (select ${q(column)} from ${q(schema)}.${q(table)} where ${q(column)} is not null)`,
      };
    }
    case 'expression':
      return {
        name: test.description,
        sql: `select * from ${relation} where not coalesce((${test.sql}), false)`,
      };
    case 'no_rows':
      return { name: test.description, sql: test.sql };
  }
}
