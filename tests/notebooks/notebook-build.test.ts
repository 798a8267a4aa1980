import { describe, expect, it } from 'vitest';
import { NO_SCOPE, PUBLIC_SCOPE, scopeFor } from '../../src/lib/server/auth/scope.ts';
import { builtFor, mayRead } from '../../src/lib/server/notebook-build.ts';

const viewer = scopeFor({ name: 'v', role: 'viewer', icbs: [] });
const icbQHM = scopeFor({ name: 'i', role: 'icb', icbs: ['QHM'] });
const icbBoth = scopeFor({ name: 'j', role: 'icb', icbs: ['QHM', 'QE1'] });
const admin = scopeFor({ name: 'a', role: 'admin', icbs: [] });

describe('who may read a notebook build', () => {
  it('readers of the scope it was built for, and admins; nobody else', () => {
    const readers = { NO_SCOPE, PUBLIC_SCOPE, viewer, icbQHM, icbBoth, admin };
    const may = (built: typeof viewer) =>
      Object.entries(readers)
        .filter(([, r]) => mayRead(r, builtFor(built)))
        .map(([k]) => k);
    expect(may(viewer)).toEqual(['viewer', 'admin']);
    expect(may(PUBLIC_SCOPE)).toEqual(['PUBLIC_SCOPE', 'admin']);
    expect(may(icbQHM)).toEqual(['icbQHM', 'admin']);
    expect(may(scopeFor({ name: 'k', role: 'icb', icbs: ['QE1', 'QHM'] }))).toEqual(['icbBoth', 'admin']);
    expect(may(admin)).toEqual(['admin']);
  });
});
