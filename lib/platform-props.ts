import { RemovalPolicy } from 'aws-cdk-lib';
import { DeploymentStrategy } from './rollout/deployment-strategy';
import { InstanceType } from './serving/instance-type';
import { ModelData } from './serving/model-data';
import { ApprovalMode } from './training/comparison-options';

/**
 * The registry versions an `MlPlatform`'s two champion slots hold. A slot without one holds `championModelData`.
 * Give a new version only to the slot that does not serve (weight 0): the drain guard refuses a deploy that changes
 * the model of the serving slot.
 */
export interface ChampionSlotVersions {
  /**
   * Model package ARN (a versioned package) the `blue` slot holds.
   * @default - `championModelData`
   */
  readonly blueModelPackageArn?: string;
  /**
   * Model package ARN (a versioned package) the `green` slot holds.
   * @default - `championModelData`
   */
  readonly greenModelPackageArn?: string;
}

/** Properties of an `MlPlatform`; every one has a default, so `new MlPlatform(this, 'Platform')` deploys the reference platform. */
export interface MlPlatformProps {
  /**
   * Artifact of the champion model (built-in XGBoost format): what a champion slot holds when `championSlots` gives
   * it no registry version.
   * @default - the packaged Iris XGBoost model (assets/model/model.tar.gz)
   */
  readonly championModelData?: ModelData;
  /**
   * Artifact of the challenger model, A/B tested against the champion.
   * @default - the packaged Iris XGBoost model
   */
  readonly challengerModelData?: ModelData;
  /**
   * Share of requests the challenger answers, in percent (the A/B split).
   * @default 10
   */
  readonly challengerTrafficPercent?: number;
  /**
   * Instance type of the three variants (the champion slots `blue` and `green`, and `challenger`).
   * @default InstanceType.ML_M5_LARGE
   */
  readonly instanceType?: InstanceType;
  /**
   * How a deploy that changes one champion slot's model rolls it out (the changed slot is the candidate, the other
   * champion slot the stable one; the challenger keeps its share).
   * @default - a 10% canary baked for 5 minutes, after the request hook (five Iris rows, each answer a probability);
   * steps with too little traffic to judge advance after 10 minutes (the reference endpoint may have no users)
   */
  readonly rolloutStrategy?: DeploymentStrategy;
  /**
   * E-mail address subscribed to alarm notifications.
   * @default - no subscription (subscribe to `alarmTopic` yourself)
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the lake's data when the stack is deleted. `RemovalPolicy.DESTROY` deletes it only when the
   * context flag `@cdk-mlops/core:removeDataOnDestroy` is true too (for throw-away environments only).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * What each champion slot holds: a registry version (model package ARN) or, when not given, `championModelData`.
   * The slot serving the champion share keeps its model from deploy to deploy; a new approved version goes into the
   * idle one (weight 0), and the rollout moves the champion share to it. The reference app reads it from
   * `cdk deploy -c championSlots=blue=<arn|packaged>,green=<arn|packaged>`, as `npx cdk-mlops champion-slots <stack>`
   * prints it from the live stack.
   * @default - both slots hold `championModelData`
   */
  readonly championSlots?: ChampionSlotVersions;
  /**
   * How retrained versions are approved.
   * @default ApprovalMode.MANUAL
   */
  readonly approvalMode?: ApprovalMode;
  /**
   * `owner/name` of the GitHub repository whose deploy workflow an approval dispatches (with `githubTokenParameterName`).
   * @default - approvals are recorded in SSM only
   */
  readonly githubRepository?: string;
  /**
   * SSM SecureString parameter with the GitHub token for the dispatch.
   * @default - none
   */
  readonly githubTokenParameterName?: string;
}
