import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { ROLES, type Role } from '../../../src/lib/server/auth/config.ts';
import { checkPasswordPolicy, hashPassword } from '../../../src/lib/server/auth/passwords.ts';
import { ICB_CODE } from '../../../src/lib/server/auth/scope.ts';
import { AuthStore } from '../../../src/lib/server/auth/store.ts';
import { parse, UsageError } from '../args.ts';

export const usersHelp = `spo users add NAME --role viewer|icb|admin [--icb CODE ...] --password-stdin [--db FILE]
spo users list [--json] [--db FILE]
spo users remove NAME [--db FILE]
spo users signout NAME [--db FILE]
  Dashboard accounts, kept in accounts.sqlite beside the warehouse. viewer: England, regions and
  every ICB at ICB level; icb: also its own ICBs (ODS codes, e.g. --icb QWE) down to PCN; admin:
  everything, plus data quality, users and the access log. The password (at least 12 characters)
  is read from standard input and stored as an argon2id hash. Adding an existing NAME updates it
  and signs it out everywhere; remove and signout end its sessions at once.`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter, Ctrl+D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function usersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(
    rest,
    {
      role: { type: 'string' },
      icb: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const store = new AuthStore(warehouseFile(values.db));
  try {
    switch (sub) {
      case 'add': {
        const [name, ...extra] = positionals;
        if (!name || extra.length)
          throw new UsageError('spo users add NAME --role ROLE [--icb CODE ...] --password-stdin');
        const role = values.role as Role;
        if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        const icbs = [
          ...new Set((values.icb ?? []).flatMap((c) => c.split(',')).map((c) => c.trim().toUpperCase())),
        ];
        for (const code of icbs)
          if (!ICB_CODE.test(code))
            throw new UsageError(`--icb takes an ICB ODS code such as QWE, got "${code}"`);
        let passwordHash: string | null = null;
        if (values['password-stdin']) {
          const password = await readStdin();
          const problem = checkPasswordPolicy(password);
          if (problem) throw new UsageError(problem);
          passwordHash = await hashPassword(password);
        } else if (!store.credentials(name)) {
          throw new UsageError('a new user needs a password: pipe it in with --password-stdin');
        }
        store.addUser(name, role, icbs, passwordHash);
        process.stdout.write(
          `saved ${name} (${role}${icbs.length ? ` ${icbs.join(', ')}` : ''}) in ${store.file}\n`,
        );
        return 0;
      }
      case 'list': {
        const users = store.listUsers();
        if (values.json) {
          process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
          return 0;
        }
        if (!users.length) process.stdout.write(`no users in ${store.file}\n`);
        for (const u of users)
          process.stdout.write(
            `${u.name.padEnd(24)} ${u.role.padEnd(7)} ${u.icbs.join(',').padEnd(12)} since ${new Date(u.created_at).toISOString().slice(0, 10)}\n`,
          );
        return 0;
      }
      case 'remove':
      case 'signout': {
        const [name] = positionals;
        if (!name || positionals.length > 1) throw new UsageError(`spo users ${sub} NAME`);
        if (sub === 'remove') {
          if (!store.removeUser(name)) throw new Error(`no user "${name}"`);
          process.stdout.write(`removed ${name}, with its sessions and tokens\n`);
        } else {
          process.stdout.write(`ended ${store.revokeSessions(name)} session(s) of ${name}\n`);
        }
        return 0;
      }
      default:
        throw new UsageError('spo users add|list|remove|signout: see spo help');
    }
  } finally {
    store.close();
  }
}
