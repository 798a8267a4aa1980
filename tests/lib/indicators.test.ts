import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/lib/indicators.ts';
import { DATASETS } from '../../src/lib/server/catalogue.ts';

/**
 * Each indicator page (src/lib/indicators.ts) and docs/methods.md say the same: every indicator has
 * a section there with its definition and its checks, and the tests a page names as its checks
 * exist and are the ones its methods section names.
 */
const ROOT = join(import.meta.dirname, '../..');
const methods = readFileSync(join(ROOT, 'docs/methods.md'), 'utf8');

/** The text of the `### … (`id`)` section, up to the next heading. */
function section(id: string): string | null {
  const start = methods.search(new RegExp(`^### .*\\(\`${id}\`\\)$`, 'm'));
  if (start < 0) return null;
  const rest = methods.slice(start + 4);
  const end = rest.search(/^#{2,3} /m);
  return end < 0 ? rest : rest.slice(0, end);
}

const testFiles = (text: string) => [...new Set(text.match(/tests\/[\w./-]+\.test\.ts/g) ?? [])].sort();

describe('indicator definitions', () => {
  it.each(INDICATORS.map((i) => [i.id, i] as const))(
    '%s: a methods.md section with a definition and checks, naming the same existing tests',
    (id, indicator) => {
      const text = section(id);
      expect(text, `docs/methods.md has no "### … (\`${id}\`)" section`).not.toBeNull();
      expect(text).toContain('**Definition.**');
      expect(text).toContain('**Checks.**');
      const named = testFiles(indicator.checks);
      expect(named.length, `${id}: its checks name no test`).toBeGreaterThan(0);
      for (const file of named) expect(existsSync(join(ROOT, file)), file).toBe(true);
      expect(testFiles(text!.slice(text!.indexOf('**Checks.**'))), id).toEqual(expect.arrayContaining(named));
    },
  );

  it('every dataset reports an indicator that has a page', () => {
    const ids = new Set(INDICATORS.map((i) => i.id));
    expect(DATASETS.filter((d) => !ids.has(d.indicator)).map((d) => `${d.id} → ${d.indicator}`)).toEqual([]);
    expect(ids.size).toBe(INDICATORS.length);
  });
});
