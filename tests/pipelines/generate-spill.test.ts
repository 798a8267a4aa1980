// Peak memory ≤ 2 GiB for `spo generate` at 10 M referrals (issue 17): the generator's in-memory
// database runs under its own limit and spills inside the output folder, and what it writes must
// not depend on whether it spilled (the extracts are deterministic by seed).
import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { generate } from '../../pipelines/generate/generate.ts';
import { openGeneratorDatabase, spillFolder } from '../../pipelines/generate/generator-database.ts';
import { folderHashes } from './folder-hashes.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spo-generate-spill-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const saved = process.env.SPO_GENERATE_MEMORY_LIMIT;
afterEach(() => {
  if (saved === undefined) delete process.env.SPO_GENERATE_MEMORY_LIMIT;
  else process.env.SPO_GENERATE_MEMORY_LIMIT = saved;
});

it('opens the generator database under SPO_GENERATE_MEMORY_LIMIT, spilling inside the output folder', async () => {
  delete process.env.SPO_GENERATE_MEMORY_LIMIT;
  const out = join(dir, 'settings');
  const db = await openGeneratorDatabase(out);
  try {
    const value = async (name: string) =>
      (await db.one<{ v: string }>(`select current_setting('${name}')::VARCHAR as v`))!.v;
    // 1GB is 10^9 bytes, which DuckDB shows in MiB
    expect(await value('memory_limit')).toBe('953.6 MiB');
    expect(await value('temp_directory')).toBe(spillFolder(out));
    expect(spillFolder(out).startsWith(`${out}/`)).toBe(true);
  } finally {
    db.close();
  }
});

it('writes the same bytes whether or not its tables spill, and removes the spill folder', async () => {
  const options = { referrals: 20_000, months: 6, from: '2024-01', seed: 5 };
  await generate({ ...options, outDir: join(dir, 'in-memory') });

  // 128 MB is far below this run's tables, so they must spill: seen while the files are written
  process.env.SPO_GENERATE_MEMORY_LIMIT = '128MB';
  const spilled = join(dir, 'spilled');
  let spillFiles = 0;
  await generate(
    { ...options, outDir: spilled },
    {
      progress: (done) => {
        if (done === 1) spillFiles = readdirSync(spillFolder(spilled)).length;
      },
    },
  );
  expect(spillFiles).toBeGreaterThan(0);
  expect((await readdir(spilled)).filter((name) => name.includes('spill'))).toEqual([]);

  const [a, b] = await Promise.all([folderHashes(join(dir, 'in-memory')), folderHashes(spilled)]);
  expect(Object.keys(a).length).toBeGreaterThan(10);
  expect(b).toEqual(a);
});
