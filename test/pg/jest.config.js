import base from '../../jest.config.js';

/**
 * `npm run test:pg`: every suite of `npm test`, each app on a fresh PostgreSQL database of its own
 * (STEWARD_TEST_PG, see test/support/store.ts), plus the suites that need PostgreSQL: several instances
 * on one database (test/pg/).
 */
export default {
  ...base,
  rootDir: '../..',
  testPathIgnorePatterns: ['/node_modules/'],
};
