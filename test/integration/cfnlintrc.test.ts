/**
 * Plain `cfn-lint` on a synthesized template exits 0 from the repository's root: .cfnlintrc ignores W3005 with its
 * reason. Outside the repository (no .cfnlintrc) the same template gives exactly W3005 warnings (exit 4), so the file
 * is what makes the difference and hides nothing else.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BuiltInAlgorithm, ContainerImage, Model } from '../../lib';
import { haveCfnLint } from '../helpers/validators';

const root = path.resolve(__dirname, '..', '..');

test('plain cfn-lint passes the repository\'s templates, and only W3005 is what .cfnlintrc ignores', () => {
  if (!haveCfnLint()) return;
  const stack = new Stack(new App(), 'Lint');
  new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>1') });
  new Model(stack, 'Model', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfnlintrc-'));
  const file = path.join(dir, 'Lint.template.json');
  fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));

  const inRepo = spawnSync('cfn-lint', ['--', file], { cwd: root, encoding: 'utf8' });
  expect({ status: inRepo.status, out: inRepo.stdout }).toEqual({ status: 0, out: '' });
  const outside = spawnSync('cfn-lint', ['--format', 'json', '--', file], { cwd: dir, encoding: 'utf8' });
  expect(outside.status).toBe(4); // warnings only
  const rules = new Set((JSON.parse(outside.stdout) as Array<{ Rule: { Id: string } }>).map((f) => f.Rule.Id));
  expect([...rules]).toEqual(['W3005']);
  fs.rmSync(dir, { recursive: true, force: true });
});
