// Shared Jest settings for every project (the Nx convention: CommonJS preset at the root).
const nxPreset = require('@nx/jest/preset').default;
const path = require('node:path');

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  // Tests run the sources, never the compiled dist/ that the workspace packages point to at run time.
  moduleNameMapper: { '^@riposte/([a-z-]+)$': path.join(__dirname, 'libs/$1/src/index.ts') },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json') }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: path.join(__dirname, 'tools/jest/global-setup.js'),
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.js')],
  testTimeout: 30000,
};
