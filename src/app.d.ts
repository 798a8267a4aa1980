// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SignedIn } from '#lib/server/auth/handle.ts';
import type { Scope as AccessScope } from '#lib/server/auth/scope.ts';

declare global {
  namespace App {
    interface Locals {
      /** who is signed in (session or API token), or null: set by src/lib/server/auth/handle.ts */
      user: SignedIn | null;
      /** what they may see; also a #lib/server/scope.ts Scope for the dataset layer */
      scope: AccessScope;
      /** SPO_PUBLIC=1: England without sign-in */
      publicMode: boolean;
    }
  }
}

export {};
