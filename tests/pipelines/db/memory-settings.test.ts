// Peak memory ≤ 2 GiB for every command (issue 17): DuckDB's memory_limit bounds its buffer
// manager only, so a process held to a limit must also return freed memory to the system promptly
// (its allocator otherwise keeps up to 128 MiB a thread, and 512 MiB after a bulk free).
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../pipelines/db/database.ts';

let db: Database | undefined;
afterEach(() => db?.close());

const setting = async (name: string) =>
  (await db!.one<{ value: string }>(`select current_setting('${name}')::VARCHAR as value`))!.value;

it('returns freed memory to the system sooner when opened under a memory limit', async () => {
  db = await openDatabase(':memory:', { memoryLimit: '1GB' });
  expect(await setting('memory_limit')).toBe('953.6 MiB');
  expect(await setting('allocator_flush_threshold')).toBe('30.5 MiB');
  expect(await setting('allocator_bulk_deallocation_flush_threshold')).toBe('61.0 MiB');
  expect(await setting('allocator_background_threads')).toBe('true');
});
