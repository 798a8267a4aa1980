import { fail, redirect } from '@sveltejs/kit';
import { store } from '#lib/server/auth/handle.ts';
import { checkAlertAreas, defaultAlertAreas } from '#lib/server/alerts-for.ts';
import { ParamError, ScopeError } from '#lib/server/errors.ts';
import type { Actions, PageServerLoad } from './$types';

/** Alerts are a signed-in person's own setting: the public view (SPO_PUBLIC) has none. */
function signedIn(locals: App.Locals, path: string): string {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(path)}`);
  return locals.user.name;
}

/** A threshold field: blank is "no alert"; otherwise a number in [0, max], or the reader's message. */
function threshold(raw: FormDataEntryValue | null, max: number, what: string): number | null | string {
  const text = String(raw ?? '')
    .trim()
    .replace(/%$/, '')
    .trim();
  if (text === '') return null;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value) || value > max)
    return `Enter ${what}, or leave it blank for no alert`;
  return value;
}

/**
 * The areas field: codes separated by commas or spaces, blank for the default areas. Each must be
 * an area the user may see (checked against the published snapshot); else the reader's message,
 * naming the area.
 */
async function chosenAreas(
  scope: App.Locals['scope'],
  raw: FormDataEntryValue | null,
): Promise<string[] | string> {
  const codes = String(raw ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  try {
    return await checkAlertAreas(scope, codes);
  } catch (e) {
    if (e instanceof ScopeError) return e.message;
    if (e instanceof ParamError)
      return `${e.value}: ${e.message}. Enter areas as E, REGION:code, ICB:code, SICBL:code or PCN:code`;
    throw e;
  }
}

export const load: PageServerLoad = ({ locals, url }) => {
  const name = signedIn(locals, url.pathname);
  const rules = store().alertRules(name);
  return {
    name,
    defaultAreas: defaultAlertAreas(locals.scope),
    /** the areas the user chose, blank for their default areas */
    areas: rules?.areas?.join(', ') ?? '',
    behindFte: rules?.behindFte ?? null,
    waitsOverPercent:
      rules?.waitsOver === null || rules?.waitsOver === undefined ? null : rules.waitsOver * 100,
  };
};

export const actions: Actions = {
  default: async ({ locals, request, url }) => {
    const name = signedIn(locals, url.pathname);
    const form = await request.formData();
    const behind = threshold(form.get('behind_fte'), 100_000, 'a number of FTE of 0 or more, such as 2.5');
    const waits = threshold(form.get('waits_over'), 100, 'a percentage from 0 to 100, such as 20');
    const areas = await chosenAreas(locals.scope, form.get('areas'));
    const errors: Record<string, string> = {};
    if (typeof areas === 'string') errors.areas = areas;
    if (typeof behind === 'string') errors.behind_fte = behind;
    if (typeof waits === 'string') errors.waits_over = waits;
    if (Object.keys(errors).length)
      return fail(400, {
        errors,
        values: {
          areas: String(form.get('areas') ?? ''),
          behind_fte: String(form.get('behind_fte') ?? ''),
          waits_over: String(form.get('waits_over') ?? ''),
        },
      });
    store().saveAlertRules(name, {
      behindFte: behind as number | null,
      waitsOver: waits === null ? null : (waits as number) / 100,
      ...(areas.length ? { areas: areas as string[] } : {}),
    });
    return { saved: behind !== null || waits !== null ? ('saved' as const) : ('removed' as const) };
  },
};
