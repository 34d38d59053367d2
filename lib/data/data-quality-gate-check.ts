import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { requireProps } from '../private/validation/checks';

/** The status a DataQualityGate publishes in its SSM parameter and events. */
export enum GateStatus {
  /** The last evaluation met the threshold: downstream may use the data. */
  PASSED = 'PASSED',
  /** The last evaluation failed, or could not be completed: downstream must not use the data. */
  FAILED = 'FAILED',
  /** New data landed and is being evaluated. */
  PENDING = 'PENDING',
  /** No evaluation has run yet. */
  UNKNOWN = 'UNKNOWN',
}

/** Properties of a DataQualityGateCheck. */
export interface DataQualityGateCheckProps {
  /** The gate's status parameter. */
  readonly statusParameter: ssm.IStringParameter;
  /**
   * Where the check puts `{ status }` in the state input.
   * @default '$.dataQualityGate'
   */
  readonly resultPath?: string;
}

/**
 * A Step Functions fragment for a downstream workflow (training, batch inference): reads the gate status and
 * fails the execution with `DataQualityGateNotPassed` unless it is PASSED. Chain the real work after it:
 * `gate.gateCheck(this, 'CheckData').next(trainingStep)`. Read permission is added to the state machine's role.
 */
export class DataQualityGateCheck extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: DataQualityGateCheckProps) {
    requireProps(`DataQualityGateCheck '${scope.node.path}/${id}'`, props, ['statusParameter']);
    super(scope, id);
    const resultPath = props.resultPath ?? '$.dataQualityGate';
    const read = new tasks.CallAwsService(this, 'ReadGateStatus', {
      service: 'ssm',
      action: 'getParameter',
      parameters: { Name: props.statusParameter.parameterName },
      iamResources: [props.statusParameter.parameterArn],
      iamAction: 'ssm:GetParameter',
      resultSelector: { 'status.$': '$.Parameter.Value' },
      resultPath,
    });
    const passed = new sfn.Pass(this, 'GatePassed');
    const blocked = new sfn.Fail(this, 'GateNotPassed', {
      error: 'DataQualityGateNotPassed',
      cause: 'The data-quality gate of the input data is not PASSED (FAILED, PENDING or UNKNOWN); see its status parameter and events.',
    });
    read.next(new sfn.Choice(this, 'IsGatePassed')
      .when(sfn.Condition.stringEquals(`${resultPath}.status`, GateStatus.PASSED), passed)
      .otherwise(blocked));
    this.startState = read;
    this.endStates = [passed];
  }
}
