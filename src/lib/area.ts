/**
 * The area levels of the NHS England hierarchy, coarsest first, as the `area` parameter writes
 * them (E, REGION:<ODS>, ICB:<ODS>, SICBL:<ODS>, PCN:<ODS>). The one list: access scopes, filters,
 * the area picker and the dataset layer all rank levels by it. Shared with the browser (types only).
 */
export const AREA_LEVELS = ['E', 'REGION', 'ICB', 'SICBL', 'PCN'] as const;
export type Level = (typeof AREA_LEVELS)[number];

export interface Area {
  level: Level;
  /** ODS code; 'E' for England */
  code: string;
}

/** 0 for England … 4 for a PCN: a finer level ranks higher. */
export const levelRank = (level: Level) => AREA_LEVELS.indexOf(level);

export const formatArea = (area: Area) => (area.level === 'E' ? 'E' : `${area.level}:${area.code}`);
