/**
 * Permissions and integrations proven against AWS's own data (docs/permissions.md): for the reference app and a stack
 * that uses every construct, every AWS call each function's code can make is allowed by its role, every Step
 * Functions task is an integration that exists and its role allows it, every EventBridge rule matches events that
 * AWS (or this library) emits and reaches its targets, and every policy names real actions, scoped or acknowledged.
 * IAM_AUDIT_SUMMARY=true prints the figures (as `npm run iam-audit` does).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { buildReferenceApp } from '../../bin/reference-stack';
import * as library from '../../lib';
import { allConstructsStack } from '../helpers/iam-audit/all-constructs';
import { awsDataDirs } from '../helpers/iam-audit/aws-data';
import { figuresOf, findingsOf, summaryLine } from '../helpers/iam-audit/report';
import { auditStack, REPO_ROOT, StackAudit } from '../helpers/iam-audit/stack-audit';

const haveData = awsDataDirs() !== null;
const context = require('../../cdk.json').context;
let stacks: Stack[] = [];
let audits: StackAudit[] = [];

beforeAll(() => {
  if (!haveData) return;
  stacks = [buildReferenceApp(new App({ context }), {}).stack, allConstructsStack()];
  audits = stacks.map(auditStack);
  if (process.env.IAM_AUDIT_SUMMARY === 'true') {
    // eslint-disable-next-line no-console
    console.log(summaryLine(figuresOf(audits)));
  }
}, 900_000);

const findings = (kind: RegExp) => audits.flatMap(findingsOf).filter((f) => kind.test(f));

describe('permissions and integrations against AWS data', () => {
  test('every AWS call of every function is allowed by its role (resource types, KMS keys, logs, async targets included)', () => {
    if (!haveData) return;
    expect(findings(/: function /)).toEqual([]);
  });

  test('every Step Functions task is an integration that exists, with its API\'s parameters, and its role allows what it calls', () => {
    if (!haveData) return;
    expect(findings(/: state machine /)).toEqual([]);
  });

  test('every EventBridge rule matches events AWS or the library emits, with their fields and values, and reaches its targets', () => {
    if (!haveData) return;
    expect(findings(/: rule /)).toEqual([]);
  });

  test('every policy names actions IAM has, on resources of their types, with every "*" acknowledged for its action', () => {
    if (!haveData) return;
    expect(findings(/: policy /)).toEqual([]);
  });

  test('covers every handler bundle, every construct of the public API, and checks something of each', () => {
    if (!haveData) return;
    const bundles = fs.readdirSync(path.join(REPO_ROOT, 'lambda', 'handlers')).filter((d) => fs.existsSync(path.join(REPO_ROOT, 'lambda', 'handlers', d, 'index.ts')));
    const audited = new Set(audits.flatMap((a) => a.functions).map((f) => f.code.replace('dist/lambda-bundles/', '')));
    expect(bundles.filter((b) => !audited.has(b))).toEqual([]);
    // Every construct class lib/ exports is instantiated in one of the audited stacks.
    const classes = Object.entries(library).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Construct);
    const used = stacks.flatMap((s) => s.node.findAll());
    expect(classes.filter(([, c]) => !used.some((n) => n instanceof (c as any))).map(([name]) => name)).toEqual([]);
    for (const f of audits.flatMap((a) => a.functions)) expect({ fn: f.path, checks: f.checks.length > 0 }).toEqual({ fn: f.path, checks: true });
    for (const m of audits.flatMap((a) => a.stateMachines)) expect({ sm: m.path, tasks: m.tasks.length > 0 }).toEqual({ sm: m.path, tasks: true });
  });

  test('docs/permissions.md shows the figures the audit counts', () => {
    if (!haveData) return;
    expect(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'permissions.md'), 'utf8')).toContain(summaryLine(figuresOf(audits)));
  });
});
