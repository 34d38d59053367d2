/**
 * Every handler that takes an input, fed malformed events ({}, null, fields missing, null or of the wrong type):
 * each is refused with an Error that names the handler and what is wrong — never a TypeError, and never a weight
 * change or any other AWS write (every client is mocked and records its calls). The scheduled handlers
 * (ab-allocator, ab-analysis, baseline, drift-monitor, pipeline-monitor, quality-monitor, retraining-champion,
 * shadow-analysis) read no input: EventBridge's schedule event is ignored, so there is nothing to validate.
 */
import { UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { ROLLOUT_ENV } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as rollback } from '../../../lambda/handlers/rollout-rollback';
import { handler as guard } from '../../../lambda/handlers/rollout-guard';
import { onEvent, isComplete } from '../../../lambda/handlers/rollout-trigger';
import { handler as hook } from '../../../lambda/handlers/rollout-hook';
import { handler as hookRunner } from '../../../lambda/handlers/rollout-hook-runner';
import { handler as approval } from '../../../lambda/handlers/retraining-approval';
import { handler as register } from '../../../lambda/handlers/retraining-register';
import { handler as retrainingTrigger } from '../../../lambda/handlers/retraining-trigger';
import { mockAll } from './mock-world';
import { captureLogs, fastTiming } from './support';

type Handler = (event: any) => Promise<unknown>;

const slot = { EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: { blue: 'm1', green: 'm2' } };

/** [handler name, handler, malformed event, text the error must contain] */
const CASES: Array<[string, Handler, unknown, RegExp]> = [
  ['rollout-controller', controller, {}, /rollout-controller: invalid event: action must be 'start', 'step' or 'hook-result', got nothing/],
  ['rollout-controller', controller, null, /rollout-controller: invalid event: the event must be an object/],
  ['rollout-controller', controller, { action: 'step', endpointName: 5, rolloutId: null }, /endpointName must be a non-empty string, got 5; rolloutId must be a non-empty string, got null/],
  ['rollout-controller', controller, { action: 'start', executionArn: 'x', input: null }, /input must be the rollout execution input/],
  ['rollout-controller', controller, { action: 'start', executionArn: 'x', input: { endpointName: 'ep', alarmNames: 'a' } }, /input.stableVariant must be a non-empty string.*input.plan must be a rollout plan.*input.alarmNames must be a list of alarm names/],
  ['rollout-controller', controller, { action: 'hook-result', endpointName: 'ep', rolloutId: 'r', hook: 'preTraffic', passed: 'false' }, /passed must be a boolean, got "false"/],
  ['rollout-rollback', rollback, {}, /rollout-rollback: invalid event: detail must be the alarm state change/],
  ['rollout-rollback', rollback, null, /rollout-rollback: invalid event: the event must be an object/],
  ['rollout-rollback', rollback, { detail: { alarmName: '', state: 'ALARM' } }, /detail.alarmName must be a non-empty string, got ""; detail.state must be an object/],
  ['rollout-guard', guard, {}, /rollout-guard: invalid event: RequestType must be 'Create', 'Update' or 'Delete', got nothing; ResourceProperties must be an object/],
  ['rollout-guard', guard, { RequestType: 'Update', ResourceProperties: slot }, /OldResourceProperties must be an object/],
  ['rollout-guard', guard, { RequestType: 'Create', ResourceProperties: { ...slot, Variants: ['blue'] } }, /ResourceProperties.Variants must be two variant names/],
  ['rollout-trigger onEvent', onEvent, { RequestType: 'Create', ResourceProperties: slot }, /rollout-trigger: invalid event: ResourceProperties.Plan must be the JSON of a rollout plan/],
  ['rollout-trigger onEvent', onEvent, null, /rollout-trigger: invalid event: the event must be an object/],
  ['rollout-trigger isComplete', isComplete, { RequestType: 'Update', ResourceProperties: { ...slot, VariantModels: null } }, /ResourceProperties.VariantModels must be an object of model names per variant/],
  ['rollout-hook-runner', hookRunner, {}, /rollout-hook-runner: invalid event: functionArn must be the hook's ARN, got nothing/],
  ['rollout-hook-runner', hookRunner, { functionArn: 'f', heartbeatSeconds: '5', event: {} }, /heartbeatSeconds must be a number above 0, got "5".*event.endpointName must be a non-empty string/],
  ['retraining-approval', approval, {}, /retraining-approval: expected a SageMaker Model Package State Change event, got source undefined/],
  ['retraining-approval', approval, null, /retraining-approval: expected a SageMaker Model Package State Change event/],
  ['retraining-approval', approval, { source: 'aws.sagemaker', 'detail-type': 'SageMaker Model Package State Change', detail: { ModelApprovalStatus: 'Approved' } }, /retraining-approval: event detail has no ModelPackageArn/],
  ['retraining-register', register, {}, /retraining-register: input.runId is missing/],
  ['retraining-register', register, null, /retraining-register: input.runId is missing/],
  ['retraining-trigger', retrainingTrigger, null, /retraining-trigger: event is not an object: null/],
  ['retraining-trigger', retrainingTrigger, {}, /retraining-trigger: unrecognised event \(source undefined/],
  ['retraining-trigger', retrainingTrigger, { source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', detail: {} }, /retraining-trigger: alarm event without resources\[0\] or detail.state.value/],
];

/** The built-in hook answers with a verdict: a malformed event is a failed hook (passed false), with the reason. */
const HOOK_CASES: Array<[unknown, RegExp]> = [
  [{}, /^rollout-hook: invalid event: endpointName must be a non-empty string, got nothing/],
  [null, /^rollout-hook: invalid event: the event must be an object$/],
  [{ endpointName: 'ep', candidateVariant: 'c', stableVariant: 's', rolloutId: 'r', hook: 'during' }, /hook must be 'preTraffic' or 'postTraffic', got "during"/],
];

describe('every handler refuses malformed events by name', () => {
  const aws = mockAll();
  const env = {
    [ROLLOUT_ENV.TABLE]: 'rollouts', CDK_MLOPS_LEDGER_TABLE: 'ledger', CDK_MLOPS_PIPELINE_NAME: 'p',
    CDK_MLOPS_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:p',
    CDK_MLOPS_TRIGGER_POLICY: JSON.stringify({ coolDownMs: 0, minNewRows: 0, maxRunMs: 1 }),
    CDK_MLOPS_MODEL_PACKAGE_GROUP: 'g', CDK_MLOPS_COMPARISON: '{}',
  };

  beforeAll(() => {
    fastTiming();
    Object.assign(process.env, env);
  });
  beforeEach(() => {
    aws.reset();
    captureLogs();
  });
  afterAll(() => aws.restore());

  test.each(CASES)('%s refuses %j', async (_name, handler, event, message) => {
    let error: unknown;
    try {
      await handler(event as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).not.toBe('TypeError');
    expect((error as Error).message).toMatch(message);
    // Refused before acting: no weight change, and no AWS call of any kind.
    expect(aws.sagemaker.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    for (const client of [aws.sagemaker, aws.dynamo, aws.sfn, aws.sns, aws.events, aws.cloudwatch, aws.s3, aws.runtime]) {
      expect(client.calls()).toHaveLength(0);
    }
  });

  test.each(HOOK_CASES)('rollout-hook: %j fails the hook without invoking anything', async (event, message) => {
    const verdict = await hook(event as never);
    expect(verdict.passed).toBe(false);
    expect(verdict.details).toMatch(message);
    expect(aws.runtime.calls()).toHaveLength(0);
  });
});
