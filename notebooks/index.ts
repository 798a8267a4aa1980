import type { Notebook } from './lib/notebook.ts';
import linkWorkerCapacity from './link-worker-capacity.ts';
import wellbeingChange from './wellbeing-change.ts';
import whoIsReferred from './who-is-referred.ts';

/** The notebooks `spo notebooks` builds, in the order the index lists them. */
export const NOTEBOOKS: Notebook[] = [whoIsReferred, wellbeingChange, linkWorkerCapacity];
