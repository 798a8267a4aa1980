import { describe, expectTypeOf, it } from 'vitest';
import type { Marts } from '../../../src/lib/server/schema.ts';

/**
 * The dashboard's table types are derived from the marts' contracts (warehouse/marts/*.ts). These
 * are type assertions, checked by the type check (svelte-check, part of npm test): each expected
 * row is written out by hand from the mart's SQL and the DuckDB dialect (DATE → ISO string,
 * TIMESTAMP → text, BIGINT / DECIMAL → number).
 */
describe('Marts (src/lib/server/schema.ts)', () => {
  it('has every mart the dashboard reads, registered_patients_monthly included, typed from its contract', () => {
    expectTypeOf<Marts['marts.registered_patients_monthly']>().toEqualTypeOf<{
      month: string;
      area_type: 'england' | 'region' | 'icb' | 'sub_icb' | 'pcn';
      area_code: string;
      registered_patients: number;
      source: 'gpad_coverage' | 'list_sizes';
      fiscal_year: string | null;
      is_carried_forward: boolean;
    }>();
    expectTypeOf<Marts['marts.dq_loads']>().toEqualTypeOf<{
      load_id: number;
      file_name: string;
      extract_id: string | null;
      delivery: string | null;
      period: string | null;
      status: string;
      rows_read: number;
      rows_loaded: number;
      rows_rejected: number;
      replaced_load_id: number | null;
      error: string | null;
      started_at: string;
      duration_ms: number | null;
    }>();
    // enums narrow: a wait band outside the contract's is not a wait band
    expectTypeOf<Marts['marts.referral_waits']['wait_band']>().toEqualTypeOf<
      '0-7' | '8-14' | '15-28' | '29-56' | '57+'
    >();
    expectTypeOf<'marts.practices' | 'marts.dq_follow_ups_without_baseline'>().toExtend<keyof Marts>();
    expectTypeOf<Marts['marts._snapshot']>().toEqualTypeOf<{
      published_at: string;
      snapshot_name: string;
      data_as_of: string | null;
    }>();
  });
});
