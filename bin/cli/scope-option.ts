import { PUBLIC_SCOPE, scopeFor, type Scope } from '../../src/lib/server/auth/scope.ts';
import { UsageError } from './args.ts';

export const scopeHelp = `--role viewer|public|icb|admin (default viewer) and, for icb, --icb CODE[,CODE…]: whose view
  of the data the figures are (the dashboard's scope for that role: England, regions and ICBs for a
  viewer; England only for the public; an ICB user's own ICBs down to PCN; everything for admin)`;

const ICB = /^[A-Z0-9]{3}$/;

/** The scope of `--role` and `--icb`, for commands that release figures without a signed-in user. */
export function scopeOption(role: string | undefined, icbs: string | undefined, command: string): Scope {
  const codes = icbs ? icbs.split(',').map((c) => c.trim().toUpperCase()) : [];
  for (const c of codes)
    if (!ICB.test(c)) throw new UsageError(`--icb ${c} is not an ICB ODS code (three characters, e.g. QHM)`);
  if (codes.length && role !== 'icb') throw new UsageError('--icb goes with --role icb');
  const name = `spo ${command}`;
  switch (role ?? 'viewer') {
    case 'public':
      return PUBLIC_SCOPE;
    case 'viewer':
      return scopeFor({ name, role: 'viewer', icbs: [] });
    case 'admin':
      return scopeFor({ name, role: 'admin', icbs: [] });
    case 'icb':
      if (!codes.length) throw new UsageError('--role icb needs the ICBs: --icb QHM (or QHM,QE1)');
      return scopeFor({ name, role: 'icb', icbs: codes });
    default:
      throw new UsageError(`--role ${role} is not a role: viewer, public, icb or admin`);
  }
}
