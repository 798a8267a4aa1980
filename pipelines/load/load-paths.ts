import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CONTRACTS } from '../contracts/index.ts';
import { REFERENCE_DIR } from '../db/paths.ts';
import { loadFile, type FileReport, type LoadEffects } from './load-file.ts';

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
  return [...files].sort((a, b) => rank(a) - rank(b) || basename(a).localeCompare(basename(b)));
}

/** Loads the reference data shipped in warehouse/reference/ (a no-op once loaded: same bytes). */
export async function loadBundledReference(effects: LoadEffects): Promise<FileReport[]> {
  const entries = await readdir(REFERENCE_DIR, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && EXTRACT_FILE.test(e.name) && !/^ONS_/i.test(e.name))
    .map((e) => join(REFERENCE_DIR, e.name));
  const reports: FileReport[] = [];
  for (const file of loadOrder(files)) reports.push(await loadFile(file, effects));
  return reports;
}

export async function loadPaths(
  paths: string[],
  effects: LoadEffects & { progress?: (done: number, total: number, file: string) => void },
): Promise<FileReport[]> {
  const files = loadOrder(await expandPaths(paths));
  const reports: FileReport[] = [];
  for (const [i, file] of files.entries()) {
    effects.progress?.(i, files.length, file);
    reports.push(await loadFile(file, effects));
  }
  effects.progress?.(files.length, files.length, '');
  return reports;
}

export const KNOWN_EXTRACTS = CONTRACTS.map((c) => c.id);
