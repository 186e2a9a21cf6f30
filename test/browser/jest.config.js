/** `npm run test:browser`: the suites that drive headless Chromium (Debian's chromium) with playwright-core. */
import base from '../../jest.config.js';

export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
