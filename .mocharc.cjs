'use strict';
// TypeScript tests run directly through tsx; browser tests live in test/e2e and skip themselves when Chromium is absent.
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/**/*.test.ts'],
  timeout: 60000,
  reporter: 'spec',
};
