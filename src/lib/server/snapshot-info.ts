import { cached, type Snapshot } from './snapshot.ts';

/** The published snapshot's name, when its data were taken and when it was published. */
export function snapshotInfo(snapshot: Snapshot) {
  return cached(snapshot, 'snapshot', async () => {
    const r = await snapshot.db.selectFrom('marts._snapshot').selectAll().executeTakeFirst();
    return {
      dataAsOf: r?.data_as_of ?? null,
      publishedAt: r?.published_at ?? '',
      name: r?.snapshot_name ?? '',
    };
  });
}

/** The first and last months with referrals (ISO dates), to default the period to the latest 12. */
export function monthRange(snapshot: Snapshot) {
  return cached(snapshot, 'months', async () => {
    const r = await snapshot.db
      .selectFrom('marts.referrals_monthly')
      .select((eb) => [eb.fn.min('month').as('first'), eb.fn.max('month').as('last')])
      .executeTakeFirst();
    return { first: (r?.first as string | null) ?? null, last: (r?.last as string | null) ?? null };
  });
}
