import { fail, redirect } from '@sveltejs/kit';
import { store } from '#lib/server/auth/handle.ts';
import { defaultAlertAreas } from '#lib/server/alerts-for.ts';
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

export const load: PageServerLoad = ({ locals, url }) => {
  const name = signedIn(locals, url.pathname);
  const rules = store().alertRules(name);
  return {
    name,
    areas: defaultAlertAreas(locals.scope),
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
    const errors: Record<string, string> = {};
    if (typeof behind === 'string') errors.behind_fte = behind;
    if (typeof waits === 'string') errors.waits_over = waits;
    if (Object.keys(errors).length)
      return fail(400, {
        errors,
        values: {
          behind_fte: String(form.get('behind_fte') ?? ''),
          waits_over: String(form.get('waits_over') ?? ''),
        },
      });
    store().saveAlertRules(name, {
      behindFte: behind as number | null,
      waitsOver: waits === null ? null : (waits as number) / 100,
    });
    return { saved: behind !== null || waits !== null ? ('saved' as const) : ('removed' as const) };
  },
};
