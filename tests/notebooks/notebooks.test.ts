import { spawnSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebooksDir, runNotebooks } from '../../bin/cli/commands/notebooks.ts';
import { NOTEBOOKS } from '../../notebooks/index.ts';
import { scopeFor } from '../../src/lib/server/auth/scope.ts';
import { parseFilters } from '../../src/lib/server/filters.ts';
import { readBuildInfo } from '../../src/lib/server/notebook-build.ts';
import type { DatasetId } from '../../src/lib/server/catalogue.ts';
import { runDataset } from '../../src/lib/server/run-dataset.ts';
import { smallWarehouse } from './small-warehouse.ts';

interface TableJson {
  title: string;
  dataset: string;
  query: string;
  columns: { key: string; kind: string; base?: string }[];
  rows: Record<string, unknown>[];
}

const tablesIn = (html: string): TableJson[] =>
  [...html.matchAll(/<script type="application\/json" data-table="[^"]+">(.*?)<\/script>/gs)].map(
    (m) => JSON.parse(m[1]) as TableJson,
  );

const tablesOf = async (dir: string) => {
  const out: { slug: string; table: TableJson }[] = [];
  for (const n of NOTEBOOKS)
    for (const table of tablesIn(await readFile(join(dir, `${n.slug}.html`), 'utf8')))
      out.push({ slug: n.slug, table });
  return out;
};

/** `spo notebooks` in its own process (its own SPO_DISCLOSURE_* settings). */
const spo = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['bin/spo.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

const viewer = scopeFor({ name: 'test viewer', role: 'viewer', icbs: [] });

describe('spo notebooks over a small generated warehouse', () => {
  let w: Awaited<ReturnType<typeof smallWarehouse>>;
  let report: Awaited<ReturnType<typeof runNotebooks>>;
  beforeAll(async () => {
    w = await smallWarehouse(6000);
    report = await runNotebooks({ db: w.db });
  });
  afterAll(() => w?.close());

  it('builds every notebook and an index beside the warehouse, for the viewer scope by default', async () => {
    const out = notebooksDir(w.db);
    expect(report.out).toBe(out);
    expect((await readdir(out)).sort()).toEqual(
      ['build.json', 'index.html', ...NOTEBOOKS.map((n) => `${n.slug}.html`)].sort(),
    );
    expect(NOTEBOOKS.map((n) => n.slug)).toEqual([
      'who-is-referred',
      'wellbeing-change',
      'link-worker-capacity',
    ]);
    const info = (await readBuildInfo(out))!;
    expect(info.builtFor).toEqual({ role: 'viewer', detail: [] });
    expect(w.snapshot.endsWith(info.snapshot)).toBe(true);
    expect(report.meta.dataAsOf).toBeTruthy();
    const index = await readFile(join(out, 'index.html'), 'utf8');
    for (const n of NOTEBOOKS) expect(index).toContain(`href="${n.slug}"`);
  });

  it('runs every cell: tables with rows and server-rendered Plot charts, nothing fetched from elsewhere', async () => {
    for (const n of report.notebooks) {
      expect(n.tables).toBeGreaterThanOrEqual(2);
      expect(n.figures).toBeGreaterThanOrEqual(1);
      const html = await readFile(n.file, 'utf8');
      expect(html).toContain('Data as of');
      expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(1);
      for (const t of tablesIn(html)) expect(t.rows.length, `${n.slug}: ${t.title}`).toBeGreaterThan(0);
      expect(html).not.toMatch(/(src|href)="https?:/);
      expect(html).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it("every table is a dataset's rows exactly as the registry releases them for the same filters and scope", async () => {
    const tables = await tablesOf(notebooksDir(w.db));
    expect(new Set(tables.map((t) => t.table.dataset))).toEqual(
      new Set([
        'equity',
        'compare',
        'outcomes',
        'healthcare-use',
        'healthcare-use-by-group',
        'outcome-completeness',
        'outcomes-by-group',
        'workforce',
        'workforce-by-area',
        'targets',
      ]),
    );
    let figures = 0;
    for (const { slug, table } of tables) {
      const released = await runDataset(
        table.dataset as DatasetId,
        parseFilters(new URLSearchParams(table.query)),
        viewer,
      );
      const keys = table.columns.map((c) => c.key);
      const project = (r: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, r[k]]));
      const expected = released.rows.map(project).map((r) => JSON.stringify(r));
      // each row shown is one of the dataset's rows (a notebook may choose rows, never make them)
      for (const r of table.rows) expect(expected, `${slug}: ${table.title}`).toContain(JSON.stringify(r));
      figures += table.rows.flatMap((r) => Object.values(r)).filter((v) => typeof v === 'number').length;
    }
    expect(figures).toBeGreaterThan(200);
  });

  it('shows only disclosed counts, and no value resting on a suppressed count', async () => {
    let counts = 0;
    for (const { table } of await tablesOf(notebooksDir(w.db))) {
      for (const row of table.rows) {
        for (const c of table.columns) {
          const v = row[c.key];
          if (c.kind === 'count' && v !== null) {
            counts++;
            expect(typeof v === 'number' && v % 5 === 0 && !(v >= 1 && v <= 7)).toBe(true);
          }
          if (c.kind === 'value' && c.base && row[c.base] === null) expect(v).toBeNull();
        }
      }
    }
    expect(counts).toBeGreaterThan(50);
  });

  it("the equity notebook adds up in an admin build (one cell): each grouping's total ± rounding", async () => {
    // a viewer's groupings are sums of protected ICB cells, so small cells are left out of each
    // differently (the registry's `cells`); an administrator's are protected once
    const out = join(w.dir, 'notebooks-admin');
    await runNotebooks({ db: w.db, out, scope: scopeFor({ name: 'test admin', role: 'admin', icbs: [] }) });
    expect((await readBuildInfo(out))!.builtFor).toEqual({ role: 'admin', detail: '*' });
    const [groups] = tablesIn(await readFile(join(out, 'who-is-referred.html'), 'utf8'));
    const totals = new Map<string, number>();
    for (const r of groups.rows)
      totals.set(String(r.dimension), (totals.get(String(r.dimension)) ?? 0) + Number(r.referrals ?? 0));
    const values = [...totals.values()];
    expect(values).toHaveLength(5);
    for (const v of values) expect(Math.abs(v - values[0])).toBeLessThanOrEqual(100);
  });

  it('follows the SPO_DISCLOSURE_* settings, as the dashboard does (not settings of its own)', async () => {
    const out = join(w.dir, 'notebooks-round-10');
    const run = spo(['notebooks', '--db', w.db, '--out', out], { SPO_DISCLOSURE_ROUND: '10' });
    expect(run.status, run.stderr).toBe(0);
    let counts = 0;
    for (const { table } of await tablesOf(out))
      for (const row of table.rows)
        for (const c of table.columns.filter((x) => x.kind === 'count'))
          if (typeof row[c.key] === 'number' && row[c.key] !== 0) {
            counts++;
            expect(row[c.key] as number, `${table.title} ${c.key}`).toSatisfy((v: number) => v % 10 === 0);
          }
    expect(counts).toBeGreaterThan(20);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('rounded to the nearest\n10');
  });

  it('a public build shows England only: the ICB breakdowns are withheld with the reason', async () => {
    const out = join(w.dir, 'notebooks-public');
    const run = spo(['notebooks', '--db', w.db, '--out', out, '--role', 'public']);
    expect(run.status, run.stderr).toBe(0);
    expect((await readBuildInfo(out))!.builtFor).toEqual({ role: 'public', detail: [] });
    const html = await readFile(join(out, 'who-is-referred.html'), 'utf8');
    expect(html).toMatch(/only figures for England as a whole are public/);
    expect(html).not.toMatch(/Integrated Care Board/);
  });

  it('refuses a role it does not know, and ICBs without --role icb', () => {
    const bad = spo(['notebooks', '--db', w.db, '--role', 'boss']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--role boss is not a role/);
    const icbs = spo(['notebooks', '--db', w.db, '--icb', 'QHM']);
    expect(icbs.status).toBe(2);
    expect(icbs.stderr).toMatch(/--icb goes with --role icb/);
  });
});
