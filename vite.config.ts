import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * nhsuk-frontend's CSS loads the Frutiger web font from assets.nhs.uk. The dashboard runs on NHS
 * networks and offline, with a CSP that allows only its own origin: drop the remote @font-face
 * rules so pages use the NHS fallback stack (Arial) without failed requests.
 */
const stripRemoteFonts = (): Plugin => ({
  name: 'spo-strip-remote-fonts',
  transform(code, id) {
    if (id.includes('nhsuk-frontend') && id.split('?')[0].endsWith('.css')) {
      return { code: code.replace(/@font-face\s*\{[^}]*assets\.nhs\.uk[^}]*\}/g, ''), map: null };
    }
  },
});

export default defineConfig({
  plugins: [
    stripRemoteFonts(),
    sveltekit({
      adapter: adapter({ out: 'build' }),
      csp: {
        // hashes, not nonces: the same page is the same bytes, so it can be cached (page-cache.ts)
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // Svelte and Observable Plot set style attributes; styles cannot run code
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
          'base-uri': ['none'],
          'object-src': ['none'],
        },
      },
    }),
  ],
});
