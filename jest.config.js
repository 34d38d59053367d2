/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Synthesizing stacks and running cfn-lint is slow on a 2-core machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
