// ESM all the way: tests run the TypeScript sources through ts-jest (transpile only;
// `npm run typecheck` does the type checking once for the whole project).
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  // Many tests start the whole app in-process (content, recogniser training, storage): seconds on a
  // loaded 2-core CI machine, so jest's 5 s default fails them for slowness, not for a bug.
  testTimeout: 20_000,
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // Probes PostgreSQL once: its suites run when it answers, and are skipped in one line when not.
      globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
    },
    {
      ...common,
      displayName: 'e2e',
      // The browser test through nginx needs PostgreSQL too (skipped in one line when it is absent).
      globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
