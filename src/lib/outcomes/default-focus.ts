import type { InstrumentId } from '#lib/stats/index.ts';

/**
 * SWEMWBS is the most used instrument: the outcomes and equity pages show its distribution and
 * groups unless one is chosen, and the server warms that view (src/lib/server/warm.ts).
 */
export const DEFAULT_FOCUS: InstrumentId = 'SWEMWBS';
