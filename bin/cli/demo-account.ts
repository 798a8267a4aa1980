import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

/**
 * The demo's sign-in: on a warehouse with no accounts, an admin `demo` with a random password,
 * kept (0600) beside the warehouse so every `spo demo` can say how to sign in. A warehouse that
 * already has accounts is left alone.
 */
export async function ensureDemoAccount(
  warehouse: string,
): Promise<{ name: string; password: string } | null> {
  const passwordFile = join(dirname(warehouse), 'demo-password.txt');
  const store = new AuthStore(warehouse);
  try {
    const users = store.listUsers();
    if (users.some((u) => u.name === 'demo')) {
      const kept = (await readFile(passwordFile, 'utf8').catch(() => '')).trim();
      return kept ? { name: 'demo', password: kept } : null;
    }
    if (users.length > 0) return null;
    const password = randomBytes(12).toString('base64url');
    store.addUser('demo', 'admin', [], await hashPassword(password));
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    return { name: 'demo', password };
  } finally {
    store.close();
  }
}
