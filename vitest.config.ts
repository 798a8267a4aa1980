import { defineConfig } from 'vitest/config';

// Tests run in plain Node (no SvelteKit plugin): the stats library, pipelines and CLI are
// plain TypeScript; the dashboard is tested through its built server in a real browser.
const shared = {
  pool: 'forks',
  testTimeout: 60_000,
  hookTimeout: 180_000,
  env: { TZ: 'UTC' },
} as const;

export default defineConfig({
  test: {
    ...shared,
    projects: [
      {
        extends: false,
        test: {
          ...shared,
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/api/**', 'tests/**/*.dashboard.test.ts', '**/node_modules/**'],
        },
      },
      {
        // the built dashboard over a generated warehouse: set up once (tests/e2e/global-setup.ts),
        // and only when a test of this project is run
        extends: false,
        test: {
          ...shared,
          name: 'dashboard',
          // and, elsewhere, files named *.dashboard.test.ts (tests/pack, tests/watch)
          include: ['tests/e2e/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/**/*.dashboard.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
