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
  testTimeout: 30000,
};
