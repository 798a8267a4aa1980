/**
 * The layers, and the one direction imports may run (docs/architecture.md): each folder may import
 * only from itself and the layers it sits on. A test rather than a lint rule so that the layer map
 * lives in one readable place and a violation names the file and the import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Layer of a repository path, or null for files outside the layered code (config, docs). */
export function layerOf(path: string): Layer | null {
  if (path.startsWith('src/lib/config/')) return 'config';
  if (
    path.startsWith('src/lib/server/') ||
    path.startsWith('src/routes/') ||
    /^src\/(hooks|app\.d)/.test(path)
  )
    return 'server';
  if (path.startsWith('src/')) return 'lib';
  for (const layer of ['warehouse', 'pipelines', 'notebooks', 'bin', 'bench', 'tests'] as const)
    if (path.startsWith(`${layer}/`)) return layer;
  return null;
}

type Layer =
  'config' | 'lib' | 'warehouse' | 'pipelines' | 'server' | 'notebooks' | 'bin' | 'bench' | 'tests';

/** What each layer may import, besides itself. */
export const MAY_IMPORT: Record<Layer, Layer[]> = {
  // the settings (the one reader of the environment) and every path: Node only
  config: [],
  // pure code shared by every layer, the browser's included: statistics, formats, charts,
  // components, indicator texts. No I/O, so not even the settings.
  lib: [],
  // declares models, extract contracts and reference data
  warehouse: ['lib', 'config'],
  // runs them: land, validate, build, publish, generate, export
  pipelines: ['lib', 'config', 'warehouse'],
  // serves published snapshots: datasets, disclosure, auth, pages, API, the pack
  server: ['lib', 'config', 'warehouse'],
  // analyst notebooks read their figures through the server's dataset layer
  notebooks: ['lib', 'config', 'warehouse', 'server'],
  // the spo command sits on top
  bin: ['lib', 'config', 'warehouse', 'pipelines', 'server', 'notebooks'],
  bench: ['lib', 'config', 'warehouse', 'pipelines', 'server', 'notebooks', 'bin'],
  tests: ['lib', 'config', 'warehouse', 'pipelines', 'server', 'notebooks', 'bin', 'bench'],
};

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Repository paths a file imports (relative and `#lib/` / `$lib/` specifiers). */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) out.push(relative(ROOT, join(dirname(join(ROOT, file)), spec)));
    else if (spec.startsWith('#lib/') || spec.startsWith('$lib/')) out.push(`src/lib/${spec.slice(5)}`);
  }
  return out;
}

function layeredFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => /\.(ts|js|svelte)$/.test(f) && layerOf(f) !== null && existsSync(join(ROOT, f)));
}

describe('layers', () => {
  it('places every layered folder', () => {
    expect(layerOf('src/lib/stats/paired.ts')).toBe('lib');
    expect(layerOf('src/lib/server/catalogue.ts')).toBe('server');
    expect(layerOf('src/routes/+layout.svelte')).toBe('server');
    expect(layerOf('bin/cli/main.ts')).toBe('bin');
    expect(layerOf('src/lib/config/settings.ts')).toBe('config');
    expect(layerOf('src/app.d.ts')).toBe('server');
    expect(importsOf('bin/cli/main.ts', `import { a } from '../../pipelines/x.ts';`)).toEqual([
      'pipelines/x.ts',
    ]);
  });

  it('no import runs from a lower layer to a higher one', () => {
    const wrong: string[] = [];
    for (const file of layeredFiles()) {
      const from = layerOf(file) as Layer;
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const target of importsOf(file, text)) {
        const to = layerOf(target);
        if (!to || to === from || MAY_IMPORT[from].includes(to)) continue;
        wrong.push(`${file} (${from}) imports ${target} (${to})`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('only src/lib/config/settings.ts reads SPO_* settings from the environment', () => {
    // passing the environment on to a child process is fine; reading a setting is not
    const reads = /process\.env(\.SPO_|\[)/;
    const wrong = layeredFiles().filter(
      (f) =>
        !f.startsWith('tests/') &&
        f !== 'src/lib/config/settings.ts' &&
        reads.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(wrong).toEqual([]);
  });
});
