import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ModelEndpoint } from '../serving/endpoint';
import { DeploymentStrategy } from './deployment-strategy';
import { RequestHook } from './request-hook';

/** Props of VariantRollout. */
export interface VariantRolloutProps {
  /** The endpoint whose traffic moves. */
  readonly endpoint: ModelEndpoint;
  /**
   * The two variants rollouts alternate between (blue/green slots). At each deploy the slot whose model changed is
   * the candidate and the other is the stable one, so after a promotion put the next model in the slot that no
   * longer serves. Both must be production variants (a SageMaker shadow variant cannot take weight); with
   * `DeploymentStrategy.shadowFirst` the candidate runs as a shadow *by replay*: at weight 0, sent a sample of the
   * requests the endpoint's Data Capture recorded for the stable slot.
   * @default - the endpoint's variants, when it has exactly two (production and shadow counted)
   */
  readonly variants?: string[];
  /** How traffic moves from the stable slot to the candidate. */
  readonly strategy: DeploymentStrategy;
  /**
   * More alarms that roll the candidate back, beside the built-in ones (5XX rate and p99 latency of the candidate
   * slot, 1-minute period, 1 of 1 datapoints). They guard every rollout, whichever slot is the candidate: scope them
   * to the candidate yourself, since an alarm on the whole endpoint can be tripped by the stable model.
   * @default - the built-in candidate alarms only
   */
  readonly alarms?: cloudwatch.IAlarm[];
  /**
   * 5XX error rate (0–1) of the candidate above which the built-in alarm rolls back.
   * @default 0.05
   */
  readonly errorRateThreshold?: number;
  /**
   * p99 model latency of the candidate above which the built-in alarm rolls back.
   * @default Duration.seconds(1)
   */
  readonly latencyP99Threshold?: Duration;
  /**
   * Lambdas run before the candidate takes any traffic, in order. Each gets a hook event (endpointName, rolloutId,
   * candidateVariant, stableVariant, hook, taskToken) and is allowed to invoke the endpoint. It passes only by
   * returning `{ passed: true }` (the boolean); a thrown error, anything else, or no verdict within the strategy's
   * `hookTimeout` fails the rollout (the state machine waits for the verdict through a task token). A hook that needs
   * longer than one invocation returns `{ reportsLater: true }` and later calls SendTaskSuccess / SendTaskFailure
   * (and SendTaskHeartbeat at least every minute) with the event's taskToken (`controller.grantHookResponse(fn)`).
   * An abort while a hook runs ends the wait at once and the stable slot keeps all traffic.
   * @default - none
   */
  readonly preTrafficHooks?: lambda.IFunction[];
  /**
   * Lambdas run after the final bake, before promotion, in order; same contract as `preTrafficHooks`. A failure puts
   * all traffic back on the stable slot.
   * @default - none
   */
  readonly postTrafficHooks?: lambda.IFunction[];
  /**
   * The library's request hook, configured for your model: your sample requests are sent to the candidate before it
   * takes traffic (first of the pre-traffic hooks), and every answer must be HTTP 200, fast enough and of the
   * expected shape.
   * @default - no request hook
   */
  readonly requestHook?: RequestHook;
  /**
   * Start even when a guarding alarm is already in ALARM. The override is logged and reported in the rollout's history.
   * @default false - a firing alarm refuses the start (and fails the deploy)
   */
  readonly overrideFiringAlarms?: boolean;
  /**
   * Start the rollout from `cdk deploy` when a slot's model changes, and fail the deploy (CloudFormation rolls back)
   * when the rollout rolls back or fails. The deploy waits for the outcome, at most one hour. When false, no trigger
   * is created: start rollouts yourself with `executionInputFor`. The drain guard works either way.
   * @default true
   */
  readonly startOnDeploy?: boolean;
  /**
   * Instances the slot left idle keeps after a promotion: once the post-promotion watch is over, the previous stable
   * slot is scaled down to this count, and read back, before the rollout completes (a deploy keeps the live count, so
   * without this the endpoint pays for two fleets). The next rollout's capacity check scales the slot up to the
   * serving slot's count before it takes traffic. At least 1: SageMaker scales an instance-based variant to zero only
   * on endpoints that host inference components. Serverless slots are not scaled; a slot at or below the count is left.
   * @default 1
   */
  readonly idleSlotInstanceCount?: number;
}
