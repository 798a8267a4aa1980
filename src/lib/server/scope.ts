/**
 * What a user may see, for the dataset layer: the access scope of src/lib/server/auth/scope.ts
 * (role, the finest level everywhere, the ICBs shown down to PCN). run-dataset.ts is the one place
 * it is applied: area, breakdown level and the PCNs a row may name.
 */
export type { Scope } from './auth/scope.ts';
