import type { Column, Dataset, Row } from '../dataset.ts';
import { columnKeys } from './shared.ts';

/** Released as they are in marts.areas: each column stated once, and selected by its key. */
const COLUMNS = [
  { key: 'pcn_code', label: 'PCN code', kind: 'dim' },
  { key: 'pcn_name', label: 'PCN', kind: 'dim' },
  { key: 'sub_icb_code', label: 'Sub-ICB code', kind: 'dim' },
  { key: 'sub_icb_name', label: 'Sub-ICB', kind: 'dim' },
  { key: 'icb_code', label: 'ICB code', kind: 'dim' },
  { key: 'icb_name', label: 'ICB', kind: 'dim' },
  { key: 'region_code', label: 'Region code', kind: 'dim' },
  { key: 'region_name', label: 'Region', kind: 'dim' },
  { key: 'registered_patients', label: 'Registered patients', kind: 'population' },
] as const satisfies readonly Column[];

export const areas: Dataset = {
  id: 'areas',
  title: 'Areas',
  description: 'PCNs with their sub-ICB, ICB and region (ODS codes and names) and registered patients.',
  parameters: ['area', 'format'],
  indicator: 'referral-rate',
  source: 'marts.areas',
  columns: [...COLUMNS],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.areas')
      .select(columnKeys(COLUMNS))
      .where('pcn_code', 'in', ctx.pcns())
      .where('is_current', '=', true)
      .orderBy('pcn_code')
      .execute();
    // listed no finer than the user may open: PCNs only in ICBs they cover, ICBs elsewhere (a
    // viewer), England alone (the public); the rows of a coarser area are merged
    const out = new Map<string, Row>();
    for (const r of rows) {
      const finest = ctx.finest(r.icb_code);
      const row: Row = { ...r };
      if (finest !== 'PCN') {
        row.pcn_code = row.pcn_name = row.sub_icb_code = row.sub_icb_name = null;
      }
      if (finest === 'E' || finest === 'REGION') row.icb_code = row.icb_name = null;
      if (finest === 'E') row.region_code = row.region_name = null;
      const key = [row.region_code, row.icb_code, row.pcn_code].join('/');
      const prev = out.get(key);
      if (prev)
        prev.registered_patients = (prev.registered_patients as number) + (r.registered_patients ?? 0);
      else out.set(key, row);
    }
    return [...out.values()];
  },
};
