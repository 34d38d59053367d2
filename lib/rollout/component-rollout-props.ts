import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IInferenceComponent } from '../serving/inference-component-base';
import type { DeploymentStrategy } from './deployment-strategy';
import type { RolloutController } from './rollout-controller';

/** Properties of `ComponentRollout`. */
export interface ComponentRolloutProps {
  /**
   * The component whose model deploys roll out: an `InferenceComponent` of this app with `rollingUpdate` (its
   * copies are replaced by SageMaker's rolling update, which this rollout guards).
   */
  readonly component: IInferenceComponent;
  /**
   * The strategy. With `copyCanary`, its first step's share of the component's copies (at least one copy) is the
   * temporary candidate and its bake (or its shadow run) how long the candidate is judged; the rest of the copies
   * follow by the rolling update.
   * @default DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5) })
   */
  readonly strategy?: DeploymentStrategy;
  /**
   * Judge a temporary candidate component (its copies beside the live ones, fed captured production requests that
   * answer nobody) before CloudFormation touches the live component. A bad candidate fails the deploy before any user
   * request reaches it. The endpoint needs Data Capture (the requests replayed).
   * @default true
   */
  readonly copyCanary?: boolean;
  /**
   * More alarms that stop the rollout (e.g. on a business metric); they also stop the rolling update.
   * @default - the component's default alarms and the rollout verdict alarm
   */
  readonly alarms?: cloudwatch.IAlarm[];
  /**
   * The controller that runs the rollout.
   * @default RolloutController.of(this): the stack's one controller
   */
  readonly controller?: RolloutController;
}
