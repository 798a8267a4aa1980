import { AREA_LEVELS, formatArea, type Area, type Level } from '#lib/area.ts';
import { INSTRUMENT_IDS } from '#lib/stats/index.ts';
import { ParamError } from './errors.ts';

export interface Filters {
  area: Area;
  /** first month, `YYYY-MM`, or null for the default period */
  from: string | null;
  to: string | null;
  instrument: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[A-Z0-9]{2,8}$/;

/**
 * The one parser of the `area` parameter (pages, API, the access check in the handle, the pack):
 * E (or none), or LEVEL:CODE with an upper-case ODS code. Anything else is a ParamError.
 */
export function parseArea(value: string | null): Area {
  if (!value || value === 'E') return { level: 'E', code: 'E' };
  const [level, code, ...rest] = value.split(':');
  if (rest.length || !code || !AREA_LEVELS.includes(level as Level) || level === 'E' || !CODE.test(code)) {
    throw new ParamError(
      'area',
      value,
      'area must be E, REGION:<code>, ICB:<code>, SICBL:<code> or PCN:<code>',
    );
  }
  return { level: level as Level, code };
}

/** Reads and checks the shared parameters (the pages' filters and the API's). */
export function parseFilters(params: URLSearchParams): Filters {
  const area = parseArea(params.get('area'));
  const month = (name: string) => {
    const value = params.get(name);
    if (value === null || value === '') return null;
    if (!MONTH.test(value)) throw new ParamError(name, value, `${name} must be a month written YYYY-MM`);
    return value;
  };
  const from = month('from');
  const to = month('to');
  if (from && to && from > to) throw new ParamError('from', from, 'from must not be after to');
  const instrument = params.get('instrument') || null;
  if (instrument && !(INSTRUMENT_IDS as string[]).includes(instrument)) {
    throw new ParamError('instrument', instrument, `instrument must be one of ${INSTRUMENT_IDS.join(', ')}`);
  }
  return { area, from, to, instrument };
}

/** The query string for filters (only what is set), for links and downloads. */
export function filterQuery(filters: Filters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (filters.area.level !== 'E') p.set('area', formatArea(filters.area));
  if (filters.from) p.set('from', filters.from);
  if (filters.to) p.set('to', filters.to);
  if (filters.instrument) p.set('instrument', filters.instrument);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
