/**
 * The rendered-page cache (src/lib/server/page-cache.ts) on the built server: a page asked for
 * twice by the same person is rendered once and is the same bytes; another person's request is
 * rendered for them; API answers and bad requests are never kept; every request is still logged.
 */
import { describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { AuthStore } from '../../src/lib/server/auth/store.ts';

const base = inject('baseUrl');
const admin = { authorization: `Bearer ${inject('adminToken')}` };

describe('page cache', () => {
  it('renders a page once per person and snapshot, and logs every request', async () => {
    const path = `/referrals?from=2025-01&probe=${Date.now()}`;
    const first = await fetch(`${base}${path}`, { headers: admin });
    const second = await fetch(`${base}${path}`, { headers: admin });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-spo-page-cache')).toBe('miss');
    expect(second.headers.get('x-spo-page-cache')).toBe('hit');
    const [a, b] = [await first.text(), await second.text()];
    expect(b).toBe(a);
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));

    // another person asking for the same page gets their own render
    const store = new AuthStore(inject('db'));
    let token: string;
    try {
      if (!store.listUsers().some((u) => u.name === 'cache-viewer'))
        store.addUser('cache-viewer', 'viewer', [], await hashPassword('cache test password'));
      token = store.createToken('cache-viewer', 'cache').token;
    } finally {
      store.close();
    }
    const other = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(200);
    expect(other.headers.get('x-spo-page-cache')).toBe('miss');

    // the access log holds all three requests, the cached one included
    const log = new AuthStore(inject('db'));
    try {
      const seen = log.accessLog(500).filter((e) => e.path === path);
      expect(seen.length).toBe(3);
    } finally {
      log.close();
    }
  });

  it('keeps no API answer and no error page', async () => {
    const api = await fetch(`${base}/api/v1/referrals`, { headers: admin });
    expect(api.headers.get('x-spo-page-cache')).toBeNull();
    for (let i = 0; i < 2; i++) {
      const bad = await fetch(`${base}/referrals?area=ICB:NOPE`, { headers: admin });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('x-spo-page-cache')).toBeNull();
    }
  });
});
