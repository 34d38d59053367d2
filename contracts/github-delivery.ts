/**
 * What the GitHub deploy workflow (.github/workflows/deploy-stage.yml) and `GitHubDeployRole` (lib/delivery) must
 * agree on. A workflow cannot import TypeScript, so test/delivery/workflows.test.ts checks the YAML against these
 * values and against the synthesized role.
 */

/**
 * Longest wait for a rollout after `cdk deploy` (`rollout get --watch --timeout`): rollouts started outside the
 * deploy (`startOnDeploy: false`) may run for hours.
 */
export const ROLLOUT_WATCH_SECONDS = 4 * 3600;

/**
 * The deploy job's AWS session: `role-duration-seconds` of the workflow and the role's default `MaxSessionDuration`
 * (STS refuses a session longer than the role allows). It outlasts the job's time-out, which covers the deploy (at
 * most about an hour: CloudFormation's wait for the rollout) plus the rollout watch.
 */
export const DEPLOY_SESSION_SECONDS = 5 * 3600;

/** The deploy job's `timeout-minutes`: the watch plus 50 minutes for install, synth and `cdk deploy`. */
export const DEPLOY_JOB_TIMEOUT_MINUTES = ROLLOUT_WATCH_SECONDS / 60 + 50;

/** The GitHub environment of the read-only job that shows `cdk diff` before a stage's deploy (and its approval). */
export function diffEnvironmentOf(environment: string): string {
  return `${environment}-diff`;
}

/**
 * Pull-request label and deploy-workflow input that acknowledge a destructive change to data (`cdk-mlops
 * check-diff --allow-destructive`): without one, the check fails the job.
 */
export const ALLOW_DESTRUCTIVE_LABEL = 'allow-destructive-data-changes';
export const ALLOW_DESTRUCTIVE_INPUT = 'allow_destructive_data_changes';
