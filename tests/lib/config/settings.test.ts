import { describe, expect, it } from 'vitest';
import { settings } from '../../../src/lib/config/settings.ts';
import { accountsFile, keyFile, snapshotsDir, warehouseFile } from '../../../src/lib/config/paths.ts';
import { resolve } from 'node:path';

describe('settings', () => {
  it('gives the documented defaults for an empty environment', () => {
    const s = settings({});
    expect(s.SPO_MEMORY_LIMIT).toBe('1.5GB');
    expect(s.SPO_GENERATE_MEMORY_LIMIT).toBe('1GB');
    expect(s.SPO_DISCLOSURE_THRESHOLD).toBe(7);
    expect(s.SPO_DISCLOSURE_ROUND).toBe(5);
    expect(s.SPO_DISCLOSURE_MIN_N).toBe(8);
    expect(s.SPO_DISCLOSURE_UNPROTECTED).toBe(false);
    expect(s.SPO_SESSION_IDLE_MINUTES).toBe(30 * 60_000);
    expect(s.SPO_PUBLIC).toBe(false);
  });

  it('treats an empty variable as unset, and reads flags and numbers', () => {
    const s = settings({
      SPO_DB: '',
      SPO_PUBLIC: 'yes',
      SPO_DISCLOSURE_THRESHOLD: '10',
      SPO_PAGE_CACHE_MB: '0',
    });
    expect(s.SPO_DB).toBeUndefined();
    expect(s.SPO_PUBLIC).toBe(true);
    expect(s.SPO_DISCLOSURE_THRESHOLD).toBe(10);
    expect(s.SPO_PAGE_CACHE_MB).toBe(0);
  });

  it('refuses a bad value, naming the variable and the value', () => {
    expect(() => settings({ SPO_DISCLOSURE_THRESHOLD: '7.5' })).toThrow(
      'SPO_DISCLOSURE_THRESHOLD must be a whole number ≥ 0, got 7.5',
    );
    expect(() => settings({ SPO_SESSION_IDLE_MINUTES: '-1' })).toThrow(
      'SPO_SESSION_IDLE_MINUTES must be a positive number of minutes, got -1',
    );
    expect(() => settings({ SPO_DISCLOSURE_UNPROTECTED: 'yes' })).toThrow(
      'SPO_DISCLOSURE_UNPROTECTED must be 1 (tests only) or unset, got yes',
    );
  });

  it('takes the health-care use window from 4 to 12 months, 6 by default', () => {
    expect(settings({}).SPO_HCU_WINDOW_MONTHS).toBe(6);
    expect(settings({ SPO_HCU_WINDOW_MONTHS: '12' }).SPO_HCU_WINDOW_MONTHS).toBe(12);
    // 13: the extract holds 12 months either side; 3: a rounded mean could give a count back
    expect(() => settings({ SPO_HCU_WINDOW_MONTHS: '13' })).toThrow(
      'SPO_HCU_WINDOW_MONTHS must be a whole number from 4 to 12, got 13',
    );
    expect(() => settings({ SPO_HCU_WINDOW_MONTHS: '3' })).toThrow('got 3');
    expect(() => settings({ SPO_HCU_WINDOW_MONTHS: '4.5' })).toThrow('got 4.5');
  });
});

describe('paths beside the warehouse', () => {
  it('puts snapshots, accounts and the key beside the warehouse file', () => {
    const db = warehouseFile('/srv/spo/warehouse.duckdb');
    expect(db).toBe('/srv/spo/warehouse.duckdb');
    expect(snapshotsDir(db)).toBe('/srv/spo/snapshots');
    expect(accountsFile(db)).toBe(
      process.env.SPO_ACCOUNTS ? resolve(process.env.SPO_ACCOUNTS) : '/srv/spo/accounts.sqlite',
    );
    expect(keyFile(db)).toBe(
      process.env.SPO_SECRET_FILE ? resolve(process.env.SPO_SECRET_FILE) : '/srv/spo/secret.key',
    );
  });
});
