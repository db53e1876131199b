import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The studio's end-to-end suite: real Chromium against the real server (`npm run test:e2e`). */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['studio/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
