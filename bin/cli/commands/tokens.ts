import { warehouseFile } from '../../../src/lib/config/paths.ts';
import { AuthStore } from '../../../src/lib/server/auth/store.ts';
import { parse, UsageError } from '../args.ts';

export const tokensHelp = `spo tokens create NAME [--label TEXT] [--db FILE]
spo tokens list [--db FILE]
spo tokens revoke TOKEN-ID | --user NAME [--db FILE]
  API tokens for the dashboard's API (Authorization: Bearer spo_…). A token acts as user NAME with
  that user's role and areas. It is printed once; only a keyed hash of it is stored.`;

export async function tokensCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(
    rest,
    {
      label: { type: 'string' },
      user: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  const store = new AuthStore(warehouseFile(values.db));
  try {
    switch (sub) {
      case 'create': {
        const [name] = positionals;
        if (!name || positionals.length > 1) throw new UsageError('spo tokens create NAME [--label TEXT]');
        const { id, token } = store.createToken(name, values.label ?? null);
        process.stderr.write(
          `token ${id} for ${name}: shown once, keep it secret (revoke with  spo tokens revoke ${id})\n`,
        );
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'list': {
        const tokens = store.listTokens();
        if (values.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
        else
          for (const t of tokens)
            process.stdout.write(
              `${t.id}  ${t.user_name.padEnd(24)} ${t.revoked_at ? 'revoked' : 'active '}  ${t.label ?? ''}\n`,
            );
        return 0;
      }
      case 'revoke': {
        if ((positionals.length === 1) === Boolean(values.user))
          throw new UsageError('spo tokens revoke TOKEN-ID, or spo tokens revoke --user NAME');
        const n = store.revokeTokens(values.user ? { user: values.user } : { id: positionals[0] });
        if (!n) throw new Error('no active token matched');
        process.stdout.write(`revoked ${n} token(s)\n`);
        return 0;
      }
      default:
        throw new UsageError('spo tokens create|list|revoke: see spo help');
    }
  } finally {
    store.close();
  }
}
