import { configDefaults, defineConfig } from 'vitest/config';

/** `npm run soak`: the fault tests of tests/integration again, with QUIRE_SOAK=1 scaling their loops up (tests/helpers/soak.ts). */
export default defineConfig({
  test: {
    include: ['tests/soak/**/*.test.ts'],
    exclude: [...configDefaults.exclude],
    env: { QUIRE_SOAK: '1' },
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
