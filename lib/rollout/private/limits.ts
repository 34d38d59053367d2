import { Duration } from 'aws-cdk-lib';

/** The deploy trigger waits at most this long: CloudFormation allows a custom resource one hour (ServiceTimeout ≤ 3600 s). */
export const DEPLOY_WAIT_LIMIT = Duration.hours(1);

/**
 * Kept free before DEPLOY_WAIT_LIMIT: the rollout's deadline is this much earlier, so at the deadline the controller
 * still has time to restore the stable weights (up to ROLLBACK_MAX_WAIT), record the end, and the trigger's 30-second
 * poll sees it before CloudFormation gives up.
 */
export const DEPLOY_DEADLINE_MARGIN = Duration.minutes(8);

/**
 * How long the controller and the rollback Lambda keep retrying a throttled or Updating endpoint when they put
 * traffic back on the stable variant; their timeout leaves a minute beyond it to record the outcome.
 */
export const ROLLBACK_MAX_WAIT = Duration.minutes(5);
export const WEIGHT_HANDLER_TIMEOUT = Duration.minutes(6);
