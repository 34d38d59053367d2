/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // hyparquet ships ES modules only (the Lambda bundle inlines it): CommonJS for Jest.
    '/node_modules/hyparquet/.+\\.js$': '<rootDir>/scripts/jest-esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!hyparquet/)'],
  // Synthesizing stacks and running cfn-lint is slow on a 2-core machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
