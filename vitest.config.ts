import { defineConfig } from 'vitest/config';

// Tests run in plain Node (no SvelteKit plugin): the stats library, pipelines and CLI are
// plain TypeScript; the dashboard is tested through its built server in a real browser.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { TZ: 'UTC' },
  },
});
