import { readdir, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CONTRACTS } from '../../warehouse/contracts/index.ts';
import { REFERENCE_DIR } from '../../src/lib/config/paths.ts';
import { deliverySource } from './delivery.ts';
import { statIndex } from './file-stat.ts';
import { loadFile, type FileReport, type LoadEffects } from './load-file.ts';
import { settings } from '../../src/lib/config/settings.ts';

const EXTRACT_FILE = /\.(csv|txt|parquet|csv\.gz)$/i;

/** Expands files and folders (recursively) into extract files. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new Error(`${path}: no such file or folder`);
    });
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (entry.isFile() && EXTRACT_FILE.test(entry.name) && !/readme/i.test(entry.name)) {
          files.push(join(entry.parentPath, entry.name));
        }
      }
    } else files.push(path);
  }
  return files;
}

/**
 * Loading order: reference data before the extracts checked against it, then by name, so that
 * `referrals_2024-05_v2.csv` (a correction) lands after `referrals_2024-05.csv`.
 */
export function loadOrder(files: string[]): string[] {
  const rank = (file: string) => {
    const name = basename(file).toLowerCase();
    if (/^(gp-reg|heec|imd|ons_|gmsde|swemwbs|targets_national)/.test(name)) return 0;
    if (name.includes('targets')) return 1;
    if (name.includes('referral')) return 2;
    return 3;
  };
  // A delivery's original before its re-sends and corrections (`_resent`, `_v2`, `_v3`…), whatever
  // the characters sort as: a correction loaded first would be "replaced" by the stale original.
  const variant = (file: string) => {
    const name = basename(file)
      .toLowerCase()
      .replace(/(\.(csv|txt|parquet|gz))+$/, '');
    const version = /[_-]v([0-9]+)$/.exec(name);
    if (version) return Number(version[1]);
    return name === deliverySource(file) ? 0 : 1;
  };
  return [...files].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      deliverySource(a).localeCompare(deliverySource(b)) ||
      variant(a) - variant(b) ||
      basename(a).localeCompare(basename(b)),
  );
}

/** Loads the reference data shipped in warehouse/reference/ (a no-op once loaded: same bytes). */
export async function loadBundledReference(effects: LoadEffects): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  const run = { ...effects, known: await statIndex(effects.db) };
  for (const file of loadOrder(await bundledReferenceFiles())) reports.push(await loadFile(file, run));
  return reports;
}

/**
 * The reference files `loadBundledReference` loads: those in warehouse/reference/ and its `gpad/`
 * folder (NHS England's appointment tables). Of the ONS lookups only LSOA 2011 → CCG is loaded
 * (it places residents in sub-ICBs); CCG → STP is for maps.
 */
export async function bundledReferenceFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of [REFERENCE_DIR, join(REFERENCE_DIR, 'gpad')]) {
    const entries = await readdir(dir, { withFileTypes: true });
    files.push(
      ...entries
        .filter((e) => e.isFile() && EXTRACT_FILE.test(e.name) && !/^ONS_CCG20_STP20/i.test(e.name))
        .map((e) => join(dir, e.name)),
    );
  }
  return files;
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/**
 * Pre-flight: refuses to start a load that the warehouse's disk cannot hold. Landing a file,
 * DuckDB's write-ahead log and checkpoint, the model build and a new snapshot together need about
 * twice the input, plus a margin for the models and the snapshot (SPO_SPACE_MARGIN_MB, default
 * 100). A gzipped file counts as 5 × its size. Running out part-way is still safe (one
 * transaction per file, the snapshot switched last), but failing before any work is clearer.
 */
export async function checkFreeSpace(files: string[], warehouseFile: string): Promise<void> {
  if (warehouseFile === ':memory:' || warehouseFile === '') return;
  const folder = dirname(warehouseFile);
  let input = 0;
  for (const file of files) {
    const { size } = await stat(file);
    input += /\.gz$/i.test(file) ? size * 5 : size;
  }
  const margin = settings().SPO_SPACE_MARGIN_MB * MiB;
  const needed = 2 * input + margin;
  const fs = await statfs(folder);
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw new Error(
      `not enough free space for the warehouse in ${folder}: ${mib(free)} free, and loading ${mib(input)} of extracts needs at least ${mib(needed)} (2 × the input + ${mib(margin)} for the models and a snapshot). Nothing was loaded: free some space, or point --db at a larger disk`,
    );
  }
}

export async function loadPaths(
  paths: string[],
  effects: LoadEffects & { progress?: (done: number, total: number, file: string) => void },
): Promise<FileReport[]> {
  const files = loadOrder(await expandPaths(paths));
  await checkFreeSpace(files, effects.db.path);
  const reports: FileReport[] = [];
  // one query for the run: a file loaded earlier in this run and given again is hashed instead
  const run = { ...effects, known: await statIndex(effects.db) };
  for (const [i, file] of files.entries()) {
    effects.progress?.(i, files.length, file);
    reports.push(await loadFile(file, run));
  }
  effects.progress?.(files.length, files.length, '');
  return reports;
}

export const KNOWN_EXTRACTS = CONTRACTS.map((c) => c.id);
