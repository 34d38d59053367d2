/**
 * The deploy workflow as it would run on GitHub: the AWS session it asks for is one the synthesized GitHubDeployRole
 * grants, and outlasts the job; `cdk diff` is shown and checked for lost data before the approval, and what deploys
 * is what was shown; and a waiting deploy (an approved model version) is never cancelled by a later push.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ALLOW_DESTRUCTIVE_INPUT, DEPLOY_JOB_TIMEOUT_MINUTES, DEPLOY_SESSION_SECONDS, diffEnvironmentOf, ROLLOUT_WATCH_SECONDS,
} from '../../contracts/github-delivery';
import { GitHubDeployRole } from '../../lib';
import { realCdkDiff } from '../helpers/cdk-diff';
import { Job, stepIndex, workflow } from './workflow-support';

const root = path.join(__dirname, '..', '..');
const stage = workflow('deploy-stage.yml');
const diff = stage.jobs.diff;
const deploy = stage.jobs.deploy;

/** The role as the README's delivery guide deploys it (defaults for the session). */
function synthesizedRoles(): Template {
  const stack = new Stack(new App(), 'GitHubDeploy');
  new GitHubDeployRole(stack, 'Role', {
    repository: 'acme/ml-platform', ownerId: 1234567, repositoryId: 765432109,
    environments: ['staging', 'production'], diffEnvironments: ['staging', 'production'].map(diffEnvironmentOf),
    rolloutStackNames: ['Staging-CdkMlops', 'Production-CdkMlops'],
  });
  return Template.fromStack(stack);
}

const credentials = (job: Job) => job.steps[stepIndex(job, 'aws-actions/configure-aws-credentials@v6')].with!;

describe('the deploy job\'s AWS session', () => {
  it('is what the synthesized GitHubDeployRole allows: role-duration-seconds = MaxSessionDuration = contracts', () => {
    const asked = Number(credentials(deploy)['role-duration-seconds']);
    expect(asked).toBe(DEPLOY_SESSION_SECONDS);
    const roles = synthesizedRoles().findResources('AWS::IAM::Role', {
      Properties: { Description: 'cdk deploy from GitHub Actions of acme/ml-platform (OIDC)' },
    });
    const [deployRole] = Object.values(roles);
    expect(deployRole.Properties.MaxSessionDuration).toBe(asked);
  });

  it('outlasts the job, which outlasts the rollout watch', () => {
    const timeoutSeconds = deploy['timeout-minutes']! * 60;
    expect(deploy['timeout-minutes']).toBe(DEPLOY_JOB_TIMEOUT_MINUTES);
    expect(DEPLOY_SESSION_SECONDS).toBeGreaterThanOrEqual(timeoutSeconds);
    const follow = deploy.steps[stepIndex(deploy, 'rollout get "$endpoint"')].run!;
    expect(Number(/--timeout (\d+)/.exec(follow)![1])).toBe(ROLLOUT_WATCH_SECONDS);
    expect(timeoutSeconds).toBeGreaterThan(ROLLOUT_WATCH_SECONDS);
    // `rollout get --watch` exits 1 when the rollout failed or rolled back, which fails the step.
    expect(follow).toContain('--watch');
    expect(follow).toContain('--since "$DEPLOY_STARTED_AT"');
  });

  it('of the diff job is STS\'s default hour, within the diff role\'s maximum, and its job ends within it', () => {
    expect(credentials(diff)['role-duration-seconds']).toBeUndefined();
    const [diffRole] = Object.values(synthesizedRoles().findResources('AWS::IAM::Role', {
      Properties: { Description: 'cdk diff from GitHub Actions of acme/ml-platform before a deploy\'s approval (OIDC, read-only)' },
    }));
    expect(diffRole.Properties.MaxSessionDuration).toBe(3600);
    expect(diff['timeout-minutes']! * 60).toBeLessThanOrEqual(3600);
  });
});

describe('cdk diff before the approval', () => {
  it('runs in a job of its own environment, before the deploy job waits for its environment\'s reviewers', () => {
    expect(deploy.needs).toBe('diff');
    expect(diff.environment).toBe(diffEnvironmentOf('${{ inputs.environment }}'));
    expect(credentials(diff)['role-to-assume']).toBe('${{ vars.AWS_DIFF_ROLE_ARN }}');
  });

  it('resolves the slots, diffs against the deployed stack with them, and checks the diff, in that order', () => {
    const order = ['configure-aws-credentials', 'champion-slots "${args[@]}"', 'npx cdk diff', 'check-diff cdk-diff.txt $ALLOW']
      .map((s) => stepIndex(diff, s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const diffRun = diff.steps[order[2]].run!;
    expect(diffRun).toContain('-c "championSlots=$CHAMPION_SLOTS" --method template');
    expect(diffRun).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(diff.outputs).toEqual({ slots: '${{ steps.slots.outputs.slots }}', digest: '${{ steps.diff.outputs.digest }}' });
  });

  it('fails the job on a destructive change to data unless the deploy was started with the acknowledgement', () => {
    const { text } = realCdkDiff();
    const check = diff.steps[stepIndex(diff, 'check-diff cdk-diff.txt $ALLOW')];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-check-'));
    fs.symlinkSync(path.join(root, 'dist'), path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'cdk-diff.txt'), text);
    // The step's own script under bash -eo pipefail, as GitHub runs `run:` steps, with ALLOW as the expression gives it.
    const runStep = (allow: string) => spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', check.run!], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, ALLOW: allow, GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') },
    });
    expect(check.env!.ALLOW).toBe(`\${{ inputs.${ALLOW_DESTRUCTIVE_INPUT} && '--allow-destructive' || '' }}`);
    const refused = runStep('');
    expect(refused.status).toBe(7);
    expect(refused.stderr).toContain(ALLOW_DESTRUCTIVE_INPUT);
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('that lose data');
    expect(runStep('--allow-destructive').status).toBe(0);
  }, 120000);

  it('takes the acknowledgement only from a person: the manual run\'s input, false for pushes and approvals', () => {
    const deployYml = workflow('deploy.yml');
    expect(deployYml.on.workflow_dispatch.inputs[ALLOW_DESTRUCTIVE_INPUT]).toMatchObject({ type: 'boolean', default: false });
    expect(stage.on.workflow_call.inputs[ALLOW_DESTRUCTIVE_INPUT]).toMatchObject({ type: 'boolean', default: false });
    for (const job of [deployYml.jobs.staging, deployYml.jobs.production]) {
      expect(job.with![ALLOW_DESTRUCTIVE_INPUT]).toBe(`\${{ inputs.${ALLOW_DESTRUCTIVE_INPUT} == true }}`);
    }
  });

  it('deploys what was shown: the same slots and the same diff, checked after the approval and before cdk deploy', () => {
    const check = stepIndex(deploy, 'if [ "$slots" != "$APPROVED_SLOTS" ]');
    const deployStep = stepIndex(deploy, 'npx cdk deploy');
    expect(check).toBeLessThan(deployStep);
    expect(deploy.steps[check].run).toContain('--digest)" != "$APPROVED_DIGEST"');
    expect(deploy.env).toMatchObject({ APPROVED_SLOTS: '${{ needs.diff.outputs.slots }}', APPROVED_DIGEST: '${{ needs.diff.outputs.digest }}' });
    expect(deploy.steps[deployStep].run).toContain('-c "championSlots=$APPROVED_SLOTS" --require-approval never');
  });
});

/**
 * GitHub's documented concurrency rule (docs "Control the concurrency of workflows and jobs"; changelog 2026-05-07):
 * one running job per group; with `queue: single` (the default) a newly queued job cancels the pending one, with
 * `queue: max` up to 100 wait, first in, first out.
 */
function runOrder(queue: string, arrivals: string[]): { ran: string[]; cancelled: string[] } {
  const [running, ...rest] = arrivals;
  const pending: string[] = [];
  const cancelled: string[] = [];
  for (const a of rest) {
    if (queue === 'max') {
      pending.push(a);
      if (pending.length > 100) cancelled.push(pending.shift()!);
    } else {
      cancelled.push(...pending.splice(0));
      pending.push(a);
    }
  }
  return { ran: [running, ...pending], cancelled };
}

describe('approvals that cannot be lost', () => {
  it('every deploy job of a stage queues in the stack\'s group, never cancelling a running or waiting one', () => {
    for (const job of [diff, deploy]) {
      expect(job.concurrency).toEqual({ 'group': 'deploy-${{ inputs.stage }}-CdkMlops', 'cancel-in-progress': false, 'queue': 'max' });
    }
    // A workflow-level group would cancel whole waiting runs, approvals with them.
    expect(workflow('deploy.yml').concurrency).toBeUndefined();
    expect(stage.concurrency).toBeUndefined();
  });

  it('so a model approval waiting behind a deploy still runs when a push arrives after it', () => {
    const arrivals = ['push 1 (deploying)', 'model v7 approved', 'push 2'];
    const queue = deploy.concurrency!.queue ?? 'single';
    expect(runOrder(queue, arrivals)).toEqual({ ran: arrivals, cancelled: [] });
    // Without the queue, GitHub would have dropped the approval (what happened before).
    expect(runOrder('single', arrivals).cancelled).toEqual(['model v7 approved']);
  });
});
