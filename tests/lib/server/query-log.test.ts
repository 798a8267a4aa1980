import { describe, expect, it } from 'vitest';
import { parseQueryLog } from '../../../src/lib/server/query-log.ts';

describe('reading the query log while the server appends to it', () => {
  it('parses the lines a newline ends and leaves a half-written last line for the next read', () => {
    const whole = '{"snapshot":"a.duckdb","warmed":true}\n{"snapshot":"a.duckdb","switched":true}\n';
    expect(parseQueryLog(whole)).toEqual([
      { snapshot: 'a.duckdb', warmed: true },
      { snapshot: 'a.duckdb', switched: true },
    ]);
    // the failure CI saw: a reader caught `{"sn` of a line being appended
    expect(parseQueryLog(`${whole}{"sn`)).toEqual(parseQueryLog(whole));
    expect(parseQueryLog('')).toEqual([]);
    expect(parseQueryLog('{"snapshot":"a')).toEqual([]);
  });
});
