import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../../pipelines/cli/commands/pack.ts';
import { latestCompleteYear, periodRange, renderPack } from '../../pipelines/pack/pack.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';
import { smallWarehouse } from '../notebooks/small-warehouse.ts';

describe('pack periods', () => {
  it('maps financial years and finds the latest complete one', () => {
    expect(periodRange('2024-25')).toEqual({ from: '2024-04', to: '2025-03' });
    expect(() => periodRange('2024-26')).toThrow(/financial year/);
    expect(latestCompleteYear('2025-03')).toBe('2024-25');
    expect(latestCompleteYear('2025-02')).toBe('2023-24');
    expect(latestCompleteYear('2025-11')).toBe('2024-25');
  });
});

describe('spo pack against the running dashboard', () => {
  let w: Awaited<ReturnType<typeof smallWarehouse>>;
  let server: Awaited<ReturnType<typeof startDashboard>>;
  let token: string;
  beforeAll(async () => {
    w = await smallWarehouse();
    const store = new AuthStore(w.db);
    store.addUser('pack-test', 'admin', [], null);
    token = store.createToken('pack-test', 'test').token;
    store.close();
    server = await startDashboard(w.db);
  }, 240_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await w?.close();
  });

  it('prints a cover and the area pages to one A4 PDF with the API figures', async () => {
    const out = join(w.dir, 'pack.pdf');
    const area = 'ICB:QHM';
    const headers = { authorization: `Bearer ${token}` };
    const report = await renderPack({ baseUrl: server.url, area, period: '2024-25', out, headers });
    const included = report.sections.filter((s) => s.included);
    expect(included.map((s) => s.path)).toEqual(expect.arrayContaining(['/', '/referrals', '/capacity']));
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(included.length);
    expect(info).toMatch(/Page size:\s+59[56]\.?\d* x 84[12]\.?\d* pts/);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Commissioner pack');
    expect(text).toContain('NHS North East and North Cumbria Integrated Care Board');
    expect(text).toMatch(/Data as of/);
  });

  // TODO: the capacity page does not yet print each PCN's FTE per 50,000 as the API gives it (the
  // dashboard pages are still being built); switch this on once it does.
  it.skip('prints the same capacity figures as /api/v1/capacity-by-pcn', async () => {
    const area = 'ICB:QHM';
    const headers = { authorization: `Bearer ${token}` };
    const out = join(w.dir, 'pack-figures.pdf');
    await renderPack({ baseUrl: server.url, area, period: '2024-25', out, headers });
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    const api = await fetch(`${server.url}/api/v1/capacity-by-pcn?area=${area}&from=2024-04&to=2025-03`, {
      headers,
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { rows: { pcn_name: string; fte_per_50k: number | null }[] };
    expect(body.rows.length).toBeGreaterThan(0);
    const flat = text.replace(/\s+/g, ' ');
    for (const r of body.rows.filter((x) => (x.fte_per_50k ?? 0) > 0).slice(0, 5)) {
      expect(flat).toContain(r.fte_per_50k!.toFixed(2));
    }
  });
});
