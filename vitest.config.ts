import { configDefaults, defineConfig } from 'vitest/config';

/** Unit and integration tests run in parallel files; browser tests share one Chromium per file. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Long fault loops: npm run soak (vitest.soak.config.ts).
    exclude: [...configDefaults.exclude, 'tests/soak/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
