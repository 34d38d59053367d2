import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DataCaptureLocation } from '../../serving/endpoint-props';
import { IModelEndpoint } from '../../serving/endpoint-base';

/** What a VariantRollout registers with the shared controller (RolloutController._register). */
export interface RolloutRegistration {
  /** The endpoint the rollout changes weights on. */
  readonly endpoint: IModelEndpoint;
  /** Alarm names not following the controller's prefix (user alarms), to route to the rollback Lambda. */
  readonly extraAlarmNames: string[];
  /** Pre-/post-traffic hooks the state machine invokes. */
  readonly hooks: lambda.IFunction[];
  /**
   * The controller reads the endpoint's Data Capture and invokes the candidate variant with the captured requests
   * (a shadow run by replay, or the bake probe).
   * @default - no replay
   */
  readonly captureReplay?: DataCaptureLocation;
  /**
   * The endpoint's name as a literal, for the drain guard (which runs before the endpoint and cannot reference it).
   * @default - the endpoint has no drain guard
   */
  readonly guardedEndpointName?: string;
  /**
   * The stack (its AWS::StackId) whose deploys start the rollout: the deploy trigger reads its status, so a stack
   * rollback is known as one even when no rollout of the change was recorded.
   * @default - the rollout does not start on deploy
   */
  readonly deployStackId?: string;
}
