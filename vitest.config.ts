import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          // Studio unit tests of pure modules are plain .ts; a file that needs a DOM says `// @vitest-environment jsdom`.
          include: ['engine/**/*.test.ts', 'data/**/*.test.ts', 'server/**/*.test.ts', 'tests/**/*.test.ts', 'studio/**/*.test.ts'],
          // The studio's browser suite runs on its own: `npm run test:e2e` (studio/e2e/vitest.config.ts).
          exclude: ['**/node_modules/**', 'studio/e2e/**'],
        },
      },
      {
        // Solid component tests (.tsx) under jsdom; the Solid plugin stays out of the node project.
        extends: true,
        plugins: [solid()],
        test: { name: 'studio-dom', include: ['studio/**/*.test.tsx'], exclude: ['**/node_modules/**', 'studio/e2e/**'], environment: 'jsdom' },
      },
    ],
  },
});
