/**
 * The analyst's requests: every dataset in the `/api/v1` catalogue, for several accounts, areas and
 * periods, fetched from a running server. Responses that are refused (403: a breakdown the account
 * may not see) are counted, not attacked.
 */
import type { Plan } from './differencing.ts';
import type { Body, Row, View } from './views.ts';

export interface Period {
  label: string;
  from: string | null;
  to: string | null;
}

export interface Request {
  who: string;
  area: string;
  period: Period;
}

export interface AreaRow {
  pcn_code: string;
  icb_code: string;
  region_code: string;
  registered_patients: number;
}

/** YYYY-MM plus n months. */
export function addMonths(month: string, n: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
}

/**
 * The periods: the default, the latest 12 months (Apr–Mar for a warehouse of one financial year),
 * the same less its last month (Apr–Feb), and single months (the last and the first).
 */
export function periodsFor(first: string, last: string): Period[] {
  return [
    { label: 'default', from: null, to: null },
    { label: '12 months', from: first, to: last },
    { label: '11 months', from: first, to: addMonths(last, -1) },
    { label: 'last month', from: last, to: last },
    { label: 'first month', from: first, to: first },
  ];
}

/**
 * Who asks for what. The region is the one with the most ICBs and the ICB user's ICB the one
 * whose PCNs are largest on average (so its PCNs have the largest counts, and there are not many). Every account gets England, the region, the ICB
 * (and the ICB user and the administrator one PCN) for every period; for area differencing a
 * viewer also gets every ICB of the region and the ICB user every PCN of the ICB, for the 12- and
 * 11-month periods.
 */
export function planRequests(areas: AreaRow[], periods: Period[]) {
  const icbsOf = (r: string) =>
    [...new Set(areas.filter((a) => a.region_code === r).map((a) => a.icb_code))].sort();
  const regions = [...new Set(areas.map((a) => a.region_code))].sort();
  const region = regions.sort((a, b) => icbsOf(b).length - icbsOf(a).length || a.localeCompare(b))[0];
  const icbs = icbsOf(region);
  // the ICB whose PCNs are largest on average: counts worth attacking, and few PCNs to request
  const perPcn = (i: string) => {
    const rows = areas.filter((a) => a.icb_code === i);
    return rows.reduce((s, a) => s + a.registered_patients, 0) / rows.length;
  };
  const icb = [...icbs].sort((a, b) => perPcn(b) - perPcn(a) || a.localeCompare(b))[0];
  const pcns = areas
    .filter((a) => a.icb_code === icb)
    .map((a) => a.pcn_code)
    .sort();
  const pcn = [...pcns].sort(
    (a, b) =>
      (areas.find((x) => x.pcn_code === b)?.registered_patients ?? 0) -
      (areas.find((x) => x.pcn_code === a)?.registered_patients ?? 0),
  )[0];
  const [p12, p11] = [periods[1], periods[2]];
  const requests: Request[] = [];
  const add = (who: string, areaList: string[], ps: Period[]) => {
    for (const area of areaList) for (const period of ps) requests.push({ who, area, period });
  };
  const main = ['E', `REGION:${region}`, `ICB:${icb}`];
  add('admin', [...main, `PCN:${pcn}`], periods);
  add('viewer', main, periods);
  add(
    'viewer',
    icbs.filter((i) => i !== icb).map((i) => `ICB:${i}`),
    [p12, p11],
  );
  add('icb', [...main, `PCN:${pcn}`], periods);
  add(
    'icb',
    pcns.filter((p) => p !== pcn).map((p) => `PCN:${p}`),
    [p12, p11],
  );
  const plan: Plan = {
    periods: [p12.label, p11.label],
    areas: [
      { who: 'viewer', whole: `REGION:${region}`, parts: icbs.map((i) => `ICB:${i}`) },
      { who: 'icb', whole: `ICB:${icb}`, parts: pcns.map((p) => `PCN:${p}`) },
    ],
  };
  return { requests, plan, region, icb, pcns };
}

/**
 * How many protected cells a count of an area may be summed from, for an account (the API names
 * the level: ICBs for a viewer; PCNs in the ICB user's own ICB and ICBs elsewhere).
 */
export function cellsInArea(areas: AreaRow[], area: string, who: string, ownIcb: string): number {
  const [level, code] = area === 'E' ? ['E', ''] : area.split(':');
  const inArea = areas.filter((a) =>
    level === 'E'
      ? true
      : level === 'REGION'
        ? a.region_code === code
        : level === 'ICB'
          ? a.icb_code === code
          : a.pcn_code === code,
  );
  if (who === 'viewer') return new Set(inArea.map((a) => a.icb_code)).size;
  const own = inArea.filter((a) => a.icb_code === ownIcb).length;
  const others = new Set(inArea.filter((a) => a.icb_code !== ownIcb).map((a) => a.icb_code)).size;
  return own + others;
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

export interface Collected {
  views: View[];
  refused: number;
  catalogue: { id: string; columns: { key: string; kind: string }[] }[];
}

/** Fetches every dataset of the catalogue for every request. */
export async function collect(
  baseUrl: string,
  tokens: Record<string, string>,
  requests: Request[],
  cells: (area: string, who: string) => number,
): Promise<Collected> {
  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const res = await fetch(`${baseUrl}/api/v1`, { headers: auth('admin') });
  const catalogue = ((await res.json()) as { datasets: Collected['catalogue'] }).datasets;
  let refused = 0;
  const tasks = requests.flatMap((r) =>
    catalogue.map((d) => async (): Promise<View | null> => {
      const q = new URLSearchParams({ area: r.area });
      if (r.period.from) q.set('from', r.period.from);
      if (r.period.to) q.set('to', r.period.to);
      const got = await fetch(`${baseUrl}/api/v1/${d.id}?${q}`, { headers: auth(r.who) });
      if (got.status === 403 || got.status === 400) {
        refused++;
        await got.body?.cancel();
        return null;
      }
      if (got.status !== 200)
        throw new Error(`${r.who} ${d.id} ${q}: status ${got.status} ${await got.text()}`);
      const body = (await got.json()) as Body;
      return {
        who: r.who,
        dataset: d.id,
        area: r.area,
        period: r.period.label,
        body,
        cellsInArea: cells(r.area, r.who),
      };
    }),
  );
  const views = (await pool(tasks, 4)).filter((v): v is View => v !== null);
  return { views, refused, catalogue };
}

export const areaRows = (rows: Row[]) => rows as unknown as AreaRow[];
