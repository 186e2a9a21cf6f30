/** Nest 12 ships as ES modules, so Jest runs in its native ESM mode (node --experimental-vm-modules). */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // Several instances on one database need PostgreSQL: those suites run under `npm run test:pg` only.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/pg/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }] },
  // The e2e suites start whole apps; on a busy shared machine (2 cores, several suites at once) a start-up alone
  // can pass 30 s. Speed is measured by the bench, never by these timeouts.
  testTimeout: 120000,
};
