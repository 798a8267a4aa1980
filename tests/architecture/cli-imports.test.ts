// A command imports what it runs and no more: `spo load` of an unchanged folder must take under a
// second (issue 17), and importing every command (the server, the pack, the notebooks) at start
// cost about 0.4 s of CPU of it.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

/** The project files a child process imports to run `spo ARGS`, as paths from the project root. */
function importedBy(args: string[]): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
    const { main } = await import('./bin/cli/main.ts');
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true; process.stderr.write = () => true;
    await main(${JSON.stringify(args)});
    write(JSON.stringify([...seen]));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const root = new URL('../../', import.meta.url).href;
  return (JSON.parse(out) as string[])
    .filter((u) => u.startsWith(root) && !u.includes('/node_modules/'))
    .map((u) => u.slice(root.length));
}

it('spo load imports the loader, not the dashboard server, the pack or the other commands', () => {
  // no paths: a usage error once the load command has been imported
  const files = importedBy(['load']);
  expect(files).toContain('bin/cli/commands/load.ts');
  expect(files).toContain('pipelines/run-load.ts');
  expect(files.filter((f) => f.startsWith('src/lib/server/') || /commands\/(?!load\.ts)/.test(f))).toEqual(
    [],
  );
});
