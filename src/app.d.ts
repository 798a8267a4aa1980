// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Scope } from '#lib/server/scope.ts';

declare global {
  namespace App {
    interface Locals {
      scope: Scope;
    }
  }
}

export {};
