/**
 * A deploy for a code change keeps the approved model: the deploy workflow runs scripts/approved-model-arn.sh
 * (stack output → SSM parameter → ARN) and passes its output as `-c modelPackageArn=<arn>`. The script runs here
 * with the real AWS CLI against moto_server (CloudFormation and SSM); the last hop, the template naming the ARN given
 * as context, is test/integration/reference-approved-version.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { approvedModelParameterName, MODEL_PACKAGE_ARN } from '../../contracts/model-approval';
import { haveMoto, MotoServer, startMoto } from '../helpers/moto';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'approved-model-arn.sh');
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/Staging-CdkMlops-Platform-1A2B3C4D/7';
const PARAMETER = approvedModelParameterName('Staging-CdkMlops-Platform-1A2B3C4D');

function haveAwsCli(): boolean {
  const ok = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI === 'true') throw new Error('the AWS CLI is not installed, and CI=true requires it.');
  // eslint-disable-next-line no-console
  if (!ok) console.warn('SKIPPED: the AWS CLI is not installed, so scripts/approved-model-arn.sh did NOT run.');
  return ok;
}

const run = haveMoto() && haveAwsCli() ? describe : describe.skip;

run('scripts/approved-model-arn.sh against moto_server', () => {
  let moto: MotoServer;
  const env = () => ({
    PATH: process.env.PATH!, HOME: os.tmpdir(), AWS_ENDPOINT_URL: moto.endpoint, AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_MAX_ATTEMPTS: '2',
  });
  const script = (stack: string, extra: Record<string, string> = {}) => {
    const r = spawnSync('bash', [SCRIPT, stack], { encoding: 'utf8', env: { ...env(), ...extra }, timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const aws = (...args: string[]) => {
    const r = spawnSync('aws', args, { encoding: 'utf8', env: env(), timeout: 120_000 });
    if (r.status !== 0) throw new Error(`aws ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  // A stack shaped like the reference stack where it matters: the ApprovedModelParameter output.
  const createStack = (name: string, outputs: Record<string, string>) => {
    const template = {
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
      Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])),
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stack-')), 'template.json');
    fs.writeFileSync(file, JSON.stringify(template));
    aws('cloudformation', 'create-stack', '--stack-name', name, '--template-body', `file://${file}`);
  };

  beforeAll(async () => {
    moto = await startMoto();
    createStack('Staging-CdkMlops', { ApprovedModelParameter: PARAMETER, EndpointName: 'e' });
    createStack('Old-CdkMlops', { EndpointName: 'e' });
  }, 180_000);
  afterAll(async () => moto?.stop());

  test('first deploy (no stack yet): nothing to pass, exit 0, says why', () => {
    const r = script('Production-CdkMlops');
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(r.stderr).toMatch(/does not exist yet \(first deploy\)/);
  });

  test('a stack without the output (deployed before approvals existed): nothing to pass', () => {
    const r = script('Old-CdkMlops');
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(r.stderr).toMatch(/has no output ApprovedModelParameter/);
  });

  test('no version approved yet (no parameter): nothing to pass', () => {
    const r = script('Staging-CdkMlops');
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(r.stderr).toContain(`no version approved yet (${PARAMETER} does not exist)`);
  });

  test('an approved version: its exact ARN, which the workflow passes as -c modelPackageArn', () => {
    aws('ssm', 'put-parameter', '--name', PARAMETER, '--type', 'String', '--value', ARN, '--overwrite');
    const r = script('Staging-CdkMlops');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(ARN);
    expect(MODEL_PACKAGE_ARN.test(r.stdout.trim())).toBe(true);
  });

  test('a malformed value fails the deploy with the fix; following the fix makes it pass', () => {
    aws('ssm', 'put-parameter', '--name', PARAMETER, '--type', 'String', '--value', 'model-7', '--overwrite');
    const bad = script('Staging-CdkMlops');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`holds 'model-7', which is not a versioned model package ARN`);
    const fix = /\(aws ssm put-parameter --overwrite --name (\S+) --value <arn>\)/.exec(bad.stderr.replace(/\n/g, ' '));
    expect(fix?.[1]).toBe(PARAMETER);
    aws('ssm', 'put-parameter', '--overwrite', '--name', fix![1], '--value', ARN, '--type', 'String');
    expect(script('Staging-CdkMlops')).toMatchObject({ status: 0, stdout: `${ARN}\n` });
  });

  test('an AWS error other than "not found" fails the deploy instead of reverting the model', () => {
    // Nothing listens on port 9: the CLI cannot reach CloudFormation.
    const r = script('Staging-CdkMlops', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot read the outputs of stack Staging-CdkMlops/);
  });

  test('usage error without a stack name', () => {
    const r = spawnSync('bash', [SCRIPT], { encoding: 'utf8', env: env() });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: scripts\/approved-model-arn.sh <stack name>/);
  });
});
