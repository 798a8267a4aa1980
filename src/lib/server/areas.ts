import type { Kysely } from 'kysely';
import { formatArea, levelRank, type Area, type Level } from '#lib/area.ts';
import { sum } from '#lib/sum.ts';
import { canSeeArea, finestLevelIn, type Scope } from './auth/scope.ts';
import type { AreaInfo, Child, Dataset } from './dataset.ts';
import { BreakdownError, ParamError, ScopeError } from './errors.ts';
import type { Marts } from './schema.ts';
import { cached, type Snapshot } from './snapshot.ts';

/**
 * The area hierarchy as the dataset layer applies it: which areas a scope may open, the child
 * level of a breakdown, the PCNs in an area, and the codes a scope may not see. The rule itself
 * ("may this scope see this area") is `canSeeArea` in auth/scope.ts; the level list is src/lib/area.ts.
 */

/** The marts.areas column holding each level's code. */
export const LEVEL_COLUMN = {
  REGION: 'region_code',
  ICB: 'icb_code',
  SICBL: 'sub_icb_code',
  PCN: 'pcn_code',
} as const;

const CHILD: Record<Level, Child> = {
  E: { level: 'REGION', code: 'region_code', name: 'region_name' },
  REGION: { level: 'ICB', code: 'icb_code', name: 'icb_name' },
  ICB: { level: 'SICBL', code: 'sub_icb_code', name: 'sub_icb_name' },
  SICBL: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
  PCN: { level: 'PCN', code: 'pcn_code', name: 'pcn_name' },
};

const NAME_COLUMN = {
  REGION: 'region_name',
  ICB: 'icb_name',
  SICBL: 'sub_icb_name',
  PCN: 'pcn_name',
} as const;

export function allAreas(snapshot: Snapshot) {
  return cached(snapshot, 'areas', () =>
    snapshot.db.selectFrom('marts.areas').selectAll().orderBy('pcn_code').execute(),
  );
}

/**
 * PCNs in the area. `detailOnly`: only those in ICBs the scope may see down to PCN. A scope with
 * no role (not signed in, public mode off) reads nothing.
 */
export function pcnQuery(db: Kysely<Marts>, area: Area, scope: Scope, detailOnly = false) {
  let q = db.selectFrom('marts.areas').select('pcn_code');
  if (area.level !== 'E') q = q.where(LEVEL_COLUMN[area.level], '=', area.code);
  if (scope.role === 'none') q = q.where('pcn_code', 'in', ['']);
  else if (detailOnly && scope.detail !== '*')
    q = q.where('icb_code', 'in', scope.detail.length ? [...scope.detail] : ['']);
  return q;
}

/** The ICB an area lies in (null for England and regions, or a code not in marts.areas). */
export function icbOfArea(areas: Awaited<ReturnType<typeof allAreas>>, area: Area): string | null {
  if (area.level === 'E' || area.level === 'REGION') return null;
  if (area.level === 'ICB') return area.code;
  const col = LEVEL_COLUMN[area.level];
  return areas.find((a) => a[col] === area.code)?.icb_code ?? null;
}

/**
 * The child level a breakdown of the area may show: the next level down, or null when the user
 * may not see it anywhere in the area. England's children are regions (a viewer's and ICB user's
 * finest level everywhere is ICB); an ICB's are sub-ICB locations only where the user has PCN
 * detail; the public (England only) sees no breakdown.
 */
export function childFor(scope: Scope, area: Area, icb: string | null): Child | null {
  const child = CHILD[area.level];
  if (area.level === 'PCN') return canSeeArea(scope, area, icb) ? child : null;
  return levelRank(child.level) <= levelRank(finestLevelIn(scope, icb)) ? child : null;
}

/** The area's name and registered patients, or a ScopeError / ParamError naming why not. */
export async function resolveArea(snapshot: Snapshot, area: Area, scope: Scope): Promise<AreaInfo> {
  const areas = await allAreas(snapshot);
  if (scope.role === 'none') throw new ScopeError('Sign in to see figures.');
  if (area.level === 'E') {
    // England's figures are England's, whoever asks: national aggregates are open to every role
    return {
      ...area,
      name: 'England',
      registeredPatients: sum(areas.map((a) => a.registered_patients ?? 0)),
    };
  }
  const col = LEVEL_COLUMN[area.level];
  const rows = areas.filter((a) => a[col] === area.code);
  if (!rows.length) throw new ParamError('area', formatArea(area), `no ${area.level} with code ${area.code}`);
  if (!canSeeArea(scope, area, icbOfArea(areas, area))) {
    throw new ScopeError(
      scope.role === 'public'
        ? 'Only figures for England are public: sign in to see regions, ICBs and PCNs.'
        : 'That area is outside what your account may see.',
    );
  }
  return {
    ...area,
    name: rows[0][NAME_COLUMN[area.level]] ?? area.code,
    registeredPatients: sum(rows.map((a) => a.registered_patients ?? 0)),
  };
}

/**
 * The level cap, in one place for every page, download and API call: a dataset whose rows are
 * PCNs or child areas is refused when the user may see no such rows in the area.
 */
export async function capBreakdown(
  dataset: Dataset,
  ctx: { area: AreaInfo; child: Child | null; scope: Scope; snapshot: Snapshot },
): Promise<void> {
  const area = ctx.area;
  if (dataset.breakdown === 'child' && !ctx.child) {
    throw new BreakdownError(
      ctx.scope.role === 'public'
        ? `${dataset.title}: only figures for England as a whole are public. Sign in to see areas.`
        : `${dataset.title}: your account may see ${area.name} as a whole but not broken down further.`,
    );
  }
  if (dataset.breakdown === 'pcn' && ctx.scope.detail !== '*') {
    const detail = ctx.scope.detail;
    const rows = await allAreas(ctx.snapshot);
    const level = area.level;
    const inArea = level === 'E' ? rows : rows.filter((a) => a[LEVEL_COLUMN[level]] === area.code);
    if (!inArea.some((a) => a.icb_code && detail.includes(a.icb_code)))
      throw new BreakdownError(
        `${dataset.title}: figures for single PCNs are only for accounts that cover the ICB${
          ctx.scope.role === 'icb' ? ' (yours shows them for your own ICBs)' : ''
        }. Choose an ICB or a larger area for totals.`,
      );
  }
}

/**
 * Area codes the scope may not see figures for, at any level (PCNs and sub-ICB locations of other
 * ICBs for an ICB user; every sub-ICB and PCN for a viewer; everything below England for the
 * public). runDataset drops any row naming one: a second lock behind `capBreakdown`, so a
 * dataset that forgets to use `ctx.detailPcns()` still cannot publish another ICB's PCNs.
 */
export async function hiddenCodes(snapshot: Snapshot, scope: Scope): Promise<Set<string>> {
  if (scope.detail === '*') return new Set();
  return cached(snapshot, `hidden:${scope.role}:${[...scope.detail].join(',')}`, async () => {
    const hidden = new Set<string>();
    const visible = new Set<string>();
    for (const a of await allAreas(snapshot)) {
      const finest = levelRank(finestLevelIn(scope, a.icb_code));
      const levels = [
        ['REGION', a.region_code],
        ['ICB', a.icb_code],
        ['SICBL', a.sub_icb_code],
        ['PCN', a.pcn_code],
      ] as const;
      for (const [level, code] of levels) {
        if (!code) continue;
        if (levelRank(level) > finest) hidden.add(code);
        else visible.add(code);
      }
    }
    for (const code of visible) hidden.delete(code);
    return hidden;
  });
}
