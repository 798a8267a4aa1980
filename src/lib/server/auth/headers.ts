/** Security headers for every response (the CSP itself comes from the `csp` option in vite.config.ts). */
export function securityHeaders(
  headers: Headers,
  options: { https: boolean; path: string; private: boolean },
): void {
  const set = (name: string, value: string) => {
    if (!headers.has(name)) headers.set(name, value);
  };
  set('X-Content-Type-Options', 'nosniff');
  set('X-Frame-Options', 'DENY');
  set('Referrer-Policy', 'same-origin');
  set('Cross-Origin-Opener-Policy', 'same-origin');
  set('Cross-Origin-Resource-Policy', 'same-origin');
  set(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  );
  if (options.https) set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  // figures for one ICB must not sit in a shared or browser cache for the next person
  if (options.private && !options.path.startsWith('/_app/immutable/')) {
    headers.set('Cache-Control', 'no-store');
    headers.set('Vary', 'Cookie, Authorization');
  }
}

/** The CSP for responses the handle makes itself (not rendered by SvelteKit): nothing may run. */
export const BARE_CSP = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
