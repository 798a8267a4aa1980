import type { Column, Dataset } from '../dataset.ts';
import { AREA_PERIOD, PAGED, columnKeys, inAreaAndPeriod, num, share } from './shared.ts';

/** Columns released as they are in their mart: each stated once, and selected by its key. */
const LOAD_COLUMNS = [
  { key: 'load_id', label: 'Load', kind: 'dim' },
  { key: 'file_name', label: 'File', kind: 'dim' },
  { key: 'extract_id', label: 'Extract', kind: 'dim' },
  { key: 'status', label: 'Status', kind: 'dim' },
  { key: 'rows_read', label: 'Rows read', kind: 'count' },
  { key: 'rows_loaded', label: 'Rows loaded', kind: 'count' },
  { key: 'rows_rejected', label: 'Rows rejected', kind: 'count' },
  { key: 'started_at', label: 'Started', kind: 'dim' },
] as const satisfies readonly Column[];

const ORPHAN_COLUMNS = [
  { key: 'month', label: 'Month', kind: 'dim' },
  { key: 'extract_id', label: 'Extract', kind: 'dim' },
  { key: 'rows_without_referral', label: 'Rows without a referral', kind: 'count' },
] as const satisfies readonly Column[];

/** Data quality: files loaded, rows rejected, completeness of optional fields, SNOMED conformance. */
export const dqLoads: Dataset = {
  id: 'data-quality',
  title: 'Files loaded',
  description: 'Every file given to the loader: extract, status, rows read, loaded and rejected.',
  parameters: ['format'],
  indicator: 'data-quality',
  source: 'marts.dq_loads',
  columns: [...LOAD_COLUMNS],
  async query(ctx) {
    return ctx.db.selectFrom('marts.dq_loads').select(columnKeys(LOAD_COLUMNS)).orderBy('load_id').execute();
  },
};

export const dqRejects: Dataset = {
  id: 'dq-rejects',
  title: 'Rejected rows by reason',
  description: 'Rows the loader rejected, per extract, column and reason.',
  parameters: ['format'],
  indicator: 'data-quality',
  source: 'marts.dq_rejects',
  sortBy: 'rows',
  columns: [
    { key: 'extract_id', label: 'Extract', kind: 'dim' },
    { key: 'column_name', label: 'Column', kind: 'dim' },
    { key: 'reason', label: 'Reason', kind: 'dim' },
    { key: 'rows', label: 'Rows', kind: 'count' },
  ],
  async query(ctx) {
    return (
      ctx.db
        .selectFrom('marts.dq_rejects')
        .select((eb) => ['extract_id', 'column_name', 'reason', eb.fn.sum<number>('rows').as('rows')])
        .groupBy(['extract_id', 'column_name', 'reason'])
        // largest first is the release's (sortBy): by the count as shown, not the raw one
        .orderBy('extract_id')
        .orderBy('column_name')
        .orderBy('reason')
        .execute()
    );
  },
};

export const dqCompleteness: Dataset = {
  id: 'dq-completeness',
  title: 'Completeness of optional fields',
  description: 'Per extract and field: rows and rows with a value, in the area.',
  parameters: ['area', 'format'],
  indicator: 'data-quality',
  source: 'marts.dq_completeness',
  columns: [
    { key: 'extract_id', label: 'Extract', kind: 'dim' },
    { key: 'field', label: 'Field', kind: 'dim' },
    { key: 'rows', label: 'Rows', kind: 'count' },
    { key: 'non_null', label: 'With a value', kind: 'count' },
    { key: 'complete', label: 'Complete', kind: 'value', base: 'rows', percent: true, digits: 1 },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.dq_completeness')
      .select((eb) => [
        'extract_id',
        'field',
        eb.fn.sum<number>('rows').as('rows'),
        eb.fn.sum<number>('non_null').as('non_null'),
      ])
      .where('pcn_code', 'in', ctx.pcns())
      .groupBy(['extract_id', 'field'])
      .orderBy('extract_id')
      .orderBy('field')
      .execute();
  },
  derive: (r) => ({ complete: share(r.non_null, r.rows) }),
};

export const dqCompletenessByPcn: Dataset = {
  id: 'dq-completeness-by-pcn',
  title: 'Completeness of optional fields by PCN',
  description:
    'Per PCN in the area: values recorded in optional fields over all extracts, as a share of the values that could be recorded (rows × fields), least complete first.',
  parameters: ['area', 'format', ...PAGED],
  indicator: 'data-quality',
  source: 'marts.dq_completeness, marts.areas',
  breakdown: 'pcn',
  columns: [
    { key: 'pcn_code', label: 'PCN code', kind: 'dim' },
    { key: 'pcn_name', label: 'PCN', kind: 'dim' },
    { key: 'cells', label: 'Values expected', kind: 'count' },
    { key: 'non_null', label: 'Values recorded', kind: 'count' },
    { key: 'complete', label: 'Complete', kind: 'value', base: 'cells', percent: true, digits: 1 },
  ],
  async query(ctx) {
    const rows = await ctx.db
      .selectFrom('marts.dq_completeness as c')
      .innerJoin('marts.areas as a', 'a.pcn_code', 'c.pcn_code')
      .select((eb) => [
        'c.pcn_code',
        eb.fn.max('a.pcn_name').as('pcn_name'),
        eb.fn.sum<number>('c.rows').as('cells'),
        eb.fn.sum<number>('c.non_null').as('non_null'),
      ])
      .where('c.pcn_code', 'in', ctx.detailPcns())
      .groupBy('c.pcn_code')
      .execute();
    return rows
      .map((r) => ({ ...r, ratio: r.cells ? r.non_null / r.cells : 1 }))
      .sort((a, b) => a.ratio - b.ratio || String(a.pcn_code).localeCompare(String(b.pcn_code)))
      .map(({ ratio: _ratio, ...r }) => r);
  },
  derive: (r) => ({ complete: share(r.non_null, r.cells) }),
};

export const dqCodes: Dataset = {
  id: 'dq-snomed',
  title: 'SNOMED conformance and duplicates',
  description:
    'Per month: referrals with the accepted SNOMED code, the declined code or another code, and referrals delivered more than once.',
  parameters: [...AREA_PERIOD],
  indicator: 'data-quality',
  source: 'marts.dq_snomed, marts.dq_duplicates',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
    { key: 'accepted_code', label: 'Accepted code', kind: 'count' },
    { key: 'declined_code', label: 'Declined code', kind: 'count' },
    { key: 'other_code', label: 'Other code', kind: 'count' },
    { key: 'delivered_more_than_once', label: 'Delivered more than once', kind: 'count' },
    { key: 'conformant', label: 'Conformant', kind: 'value', base: 'referrals', percent: true, digits: 1 },
  ],
  async query(ctx) {
    const codes = await inAreaAndPeriod(ctx, 'marts.dq_snomed')
      .select((eb) => [
        'month',
        eb.fn.sum<number>('referrals').as('referrals'),
        eb.fn.sum<number>('accepted_code').as('accepted_code'),
        eb.fn.sum<number>('declined_code').as('declined_code'),
        eb.fn.sum<number>('other_code').as('other_code'),
      ])
      .groupBy('month')
      .orderBy('month')
      .execute();
    const dups = await inAreaAndPeriod(ctx, 'marts.dq_duplicates')
      .select((eb) => ['month', eb.fn.sum<number>('delivered_more_than_once').as('d')])
      .groupBy('month')
      .execute();
    const d = new Map(dups.map((r) => [r.month, r.d]));
    return codes.map((r) => ({ ...r, delivered_more_than_once: d.get(r.month) ?? 0 }));
  },
  derive: (r) => ({
    conformant: share(
      num(r.accepted_code) !== null && num(r.declined_code) !== null
        ? (r.accepted_code as number) + (r.declined_code as number)
        : null,
      r.referrals,
    ),
  }),
};

export const dqOrphans: Dataset = {
  id: 'dq-orphans',
  title: 'Support and assessments without a referral',
  description:
    'Offers of support and wellbeing assessments whose referral never arrived in any referrals delivery, per extract and month of the row’s date: they have no PCN and are left out of every pathway and outcome. National (they cannot be placed in an area).',
  parameters: ['from', 'to', 'format'],
  indicator: 'data-quality',
  source: 'marts.dq_orphans',
  columns: [...ORPHAN_COLUMNS],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.dq_orphans')
      .select(columnKeys(ORPHAN_COLUMNS))
      .where('month', '>=', ctx.from)
      .where('month', '<=', ctx.to)
      .orderBy('month')
      .orderBy('extract_id')
      .execute();
  },
};
