import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebooksDir, runNotebooks } from '../../bin/cli/commands/notebooks.ts';
import { disclose } from '../../notebooks/lib/notebook.ts';
import { NOTEBOOKS } from '../../notebooks/index.ts';
import { smallWarehouse } from './small-warehouse.ts';

interface TableJson {
  title: string;
  columns: { key: string; kind: string; base?: string }[];
  rows: Record<string, unknown>[];
}

const tablesIn = (html: string): TableJson[] =>
  [...html.matchAll(/<script type="application\/json" data-table="[^"]+">(.*?)<\/script>/gs)].map(
    (m) => JSON.parse(m[1]) as TableJson,
  );

describe('disclose', () => {
  it('suppresses 1–7, rounds to 5, suppresses a second cell per table, hides values on under 8', () => {
    const rows = [
      { g: 'a', n: 3, mean: 1.5 },
      { g: 'b', n: 9, mean: 2.5 },
      { g: 'c', n: 23, mean: 3.5 },
      { g: 'd', n: 0, mean: 0 },
    ];
    const out = disclose(rows, {
      columns: [
        { key: 'g', label: 'g', kind: 'dim' },
        { key: 'n', label: 'n', kind: 'count' },
        { key: 'mean', label: 'mean', kind: 'value', base: 'n' },
      ],
    });
    expect(out.map((r) => [r.g, r.n, r.mean])).toEqual([
      ['a', null, null],
      ['b', null, null], // secondary suppression: the next smallest
      ['c', 25, 3.5],
      ['d', 0, null],
    ]);
  });
});

describe('spo notebooks over a small generated warehouse', () => {
  let w: Awaited<ReturnType<typeof smallWarehouse>>;
  let report: Awaited<ReturnType<typeof runNotebooks>>;
  beforeAll(async () => {
    w = await smallWarehouse();
    report = await runNotebooks({ db: w.db });
  });
  afterAll(() => w?.close());

  it('builds every notebook and an index beside the warehouse, from the Parquet export', async () => {
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
    // Read from `spo export`'s Parquet of the current snapshot.
    const exports = await readdir(join(w.dir, 'exports'));
    expect(exports).toHaveLength(1);
    const manifest = JSON.parse(await readFile(join(w.dir, 'exports', exports[0], 'manifest.json'), 'utf8'));
    expect(report.meta.snapshot).toBe(manifest.snapshot);
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
      expect(
        html.match(/<svg[^>]*class="plot/g)?.length ?? html.match(/<svg/g)?.length,
      ).toBeGreaterThanOrEqual(1);
      for (const t of tablesIn(html)) expect(t.rows.length, `${n.slug}: ${t.title}`).toBeGreaterThan(0);
      expect(html).not.toMatch(/(src|href)="https?:/);
      expect(html).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('shows only disclosed counts, and no value resting on a suppressed count', async () => {
    let counts = 0;
    for (const n of report.notebooks) {
      for (const t of tablesIn(await readFile(n.file, 'utf8'))) {
        for (const row of t.rows) {
          for (const c of t.columns) {
            const v = row[c.key];
            if (c.kind === 'count') {
              counts++;
              expect(v === null || (typeof v === 'number' && v % 5 === 0 && !(v >= 1 && v <= 7))).toBe(true);
            }
            if (c.kind === 'value' && row[c.base!] === null) expect(v).toBeNull();
          }
        }
      }
    }
    expect(counts).toBeGreaterThan(50);
  });

  it('the equity notebook adds up: each grouping totals the same rounded referrals ± rounding', async () => {
    const html = await readFile(join(notebooksDir(w.db), 'who-is-referred.html'), 'utf8');
    const [groups] = tablesIn(html);
    const totals = new Map<string, number>();
    for (const r of groups.rows)
      totals.set(String(r.dimension), (totals.get(String(r.dimension)) ?? 0) + Number(r.referrals ?? 0));
    const values = [...totals.values()];
    expect(values).toHaveLength(5);
    for (const v of values) expect(Math.abs(v - values[0])).toBeLessThanOrEqual(100);
  });
});
