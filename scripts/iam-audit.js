#!/usr/bin/env node
// npm run iam-audit: the permissions audit of `npm test` (test/iam/permissions.test.ts, docs/permissions.md) on its
// own: prints every finding and the figures (functions, calls, permission checks, state machines, integrations,
// rules, policies). Exit 1 on findings, 2 when cfn-lint's and botocore's data are missing.
const path = require('path');
const { ensureBundles, registerTypeScript } = require('./cdk-app');

ensureBundles();
registerTypeScript();
process.exitCode = require(path.join(__dirname, '..', 'test', 'helpers', 'iam-audit', 'main.ts')).main();
