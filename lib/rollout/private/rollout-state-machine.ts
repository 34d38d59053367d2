import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Errors of the Lambda service (not of the handler) worth retrying, as aws-cdk-lib's LambdaInvoke retries them. */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException',
  'Lambda.SdkClientException', 'Lambda.TooManyRequestsException',
];

/**
 * The definition of the shared rollout state machine. Its input is a RolloutExecutionInput
 * (contracts/rollout-execution.ts); every decision is the controller's, the machine only waits durably and runs hooks:
 *
 *   Start → Step → Decide(kind): WAIT → Wait($.step.waitSeconds) → Step
 *                                RUN_PRE/POST_TRAFFIC_HOOK → RunHooks (Map, in order) → hook-result → Step
 *                                COMPLETE → Succeed;  ROLLED_BACK / FAILED → Fail (cause: the controller's reason)
 *
 * Each hook is a wait for a task token (lambda:invoke.waitForTaskToken): the hook runner Lambda is started
 * asynchronously with the token, invokes the hook and reports its verdict. The wait has the controller's time-out
 * and heartbeat, so a hook that never answers (or a runner that died) fails the hook phase and the rollout rolls back.
 */
export function rolloutDefinition(scope: Construct, controller: lambda.IFunction, hookRunner: lambda.IFunction): sfn.IChainable {
  const invokeController = (id: string, payload: Record<string, unknown>, result?: Partial<tasks.LambdaInvokeProps>) =>
    new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: controller,
      payload: sfn.TaskInput.fromObject(payload),
      // LambdaInvoke retries the Lambda service's own errors (throttling, 5XX) with backoff by default.
      retryOnServiceExceptions: true,
      resultPath: sfn.JsonPath.DISCARD,
      ...result,
    });
  const ids = {
    endpointName: sfn.JsonPath.stringAt('$.endpointName'),
    rolloutId: sfn.JsonPath.stringAt('$.rolloutId'),
  };

  const controllerFailed = new sfn.Fail(scope, 'ControllerFailed', {
    error: 'ControllerError',
    causePath: '$.error.Cause',
  });
  const start = invokeController('Start', {
    action: 'start',
    input: sfn.JsonPath.entirePayload,
    executionArn: sfn.JsonPath.executionId,
  });
  const step = invokeController('Step', { action: 'step', ...ids }, {
    resultSelector: {
      kind: sfn.JsonPath.stringAt('$.Payload.kind'),
      waitSeconds: sfn.JsonPath.numberAt('$.Payload.waitSeconds'),
      reason: sfn.JsonPath.stringAt('$.Payload.reason'),
      phase: sfn.JsonPath.stringAt('$.Payload.phase'),
      // The whole answer too: hook steps carry optional fields (hookTimeoutSeconds, hookHeartbeatSeconds).
      result: sfn.JsonPath.objectAt('$.Payload'),
    },
    resultPath: '$.step',
  });
  // The controller throws after recording an end whose stable weights it could not restore (throttled, Updating):
  // a retry restores them. The Lambda timeout is 6 minutes, so three retries cover a long endpoint update.
  step.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(10), maxAttempts: 3, backoffRate: 2 });
  for (const task of [start, step]) task.addCatch(controllerFailed, { resultPath: '$.error' });

  const wait = new sfn.Wait(scope, 'Wait', { time: sfn.WaitTime.secondsPath('$.step.waitSeconds') });
  wait.next(step);

  // Hooks: one Map for both kinds, told which list to run by a Pass state.
  const hookPassed = invokeController('HookPassed', {
    action: 'hook-result', ...ids, hook: sfn.JsonPath.stringAt('$.hook.name'), passed: true, details: 'every hook passed',
  });
  const hookFailed = invokeController('HookFailed', {
    action: 'hook-result', ...ids, hook: sfn.JsonPath.stringAt('$.hook.name'), passed: false,
    // Error and Cause: a time-out (States.Timeout / States.HeartbeatTimeout) has no cause of its own.
    details: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.hookError')),
    // RolloutDeadline (a hook not started: it could run past the deadline) fails the rollout with cause DEADLINE.
    error: sfn.JsonPath.stringAt('$.hookError.Error'),
  });
  for (const task of [hookPassed, hookFailed]) {
    task.addCatch(controllerFailed, { resultPath: '$.error' });
    task.next(step);
  }
  const runHooks = new sfn.Map(scope, 'RunHooks', {
    itemsPath: '$.hook.functionArns',
    // In the order given: a cheap smoke test first, an expensive check after.
    maxConcurrency: 1,
    itemSelector: {
      functionArn: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      timeoutSeconds: sfn.JsonPath.numberAt('$.hook.timeoutSeconds'),
      heartbeatSeconds: sfn.JsonPath.numberAt('$.hook.heartbeatSeconds'),
      event: {
        ...ids,
        candidateVariant: sfn.JsonPath.stringAt('$.candidateVariant'),
        stableVariant: sfn.JsonPath.stringAt('$.stableVariant'),
        hook: sfn.JsonPath.stringAt('$.hook.name'),
      },
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  runHooks.itemProcessor(hookIteration(scope, hookRunner));
  // A thrown error, a time-out, a stopped heartbeat, an abort or { passed: false } of any hook fails the whole hook phase.
  runHooks.addCatch(hookFailed, { resultPath: '$.hookError' });
  runHooks.next(hookPassed);

  const hookList = (id: string, name: string, path: string) => new sfn.Pass(scope, id, {
    parameters: {
      name, functionArns: sfn.JsonPath.listAt(path),
      timeoutSeconds: sfn.JsonPath.numberAt('$.step.result.hookTimeoutSeconds'),
      heartbeatSeconds: sfn.JsonPath.numberAt('$.step.result.hookHeartbeatSeconds'),
    },
    resultPath: '$.hook',
  }).next(runHooks);

  const decide = new sfn.Choice(scope, 'Decide')
    .when(sfn.Condition.stringEquals('$.step.kind', 'WAIT'), wait)
    .when(sfn.Condition.stringEquals('$.step.kind', 'RUN_PRE_TRAFFIC_HOOK'), hookList('PreTrafficHooks', 'preTraffic', '$.preTrafficHooks'))
    .when(sfn.Condition.stringEquals('$.step.kind', 'RUN_POST_TRAFFIC_HOOK'), hookList('PostTrafficHooks', 'postTraffic', '$.postTrafficHooks'))
    .when(sfn.Condition.stringEquals('$.step.kind', 'COMPLETE'), new sfn.Succeed(scope, 'Promoted'))
    .when(sfn.Condition.stringEquals('$.step.kind', 'ROLLED_BACK'), new sfn.Fail(scope, 'RolledBack', {
      error: 'RolledBack', causePath: '$.step.reason',
    }))
    .when(sfn.Condition.stringEquals('$.step.kind', 'FAILED'), new sfn.Fail(scope, 'RolloutFailed', {
      error: 'RolloutFailed', causePath: '$.step.reason',
    }))
    .otherwise(new sfn.Fail(scope, 'UnknownDecision', {
      error: 'UnknownDecision', causePath: '$.step.kind',
    }));

  return start.next(step).next(decide);
}

/**
 * One hook: start the hook runner with the task token (asynchronously) and wait for the verdict it reports, at most
 * the hook time-out, failing when heartbeats stop. The runner's output is the hook's answer, checked again here.
 */
function hookIteration(scope: Construct, hookRunner: lambda.IFunction): sfn.IChainable {
  const invoke = new sfn.CustomState(scope, 'InvokeHook', {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Stack.of(scope).partition}:states:::lambda:invoke.waitForTaskToken`,
      Parameters: {
        FunctionName: hookRunner.functionArn,
        // The runner answers through the token; the invoke itself returns at once.
        InvocationType: 'Event',
        Payload: {
          'functionArn.$': '$.functionArn',
          'heartbeatSeconds.$': '$.heartbeatSeconds',
          // The runner starts a hook only when its time-out ends before the rollout's deadline.
          'timeoutSeconds.$': '$.timeoutSeconds',
          event: {
            'endpointName.$': '$.event.endpointName',
            'rolloutId.$': '$.event.rolloutId',
            'candidateVariant.$': '$.event.candidateVariant',
            'stableVariant.$': '$.event.stableVariant',
            'hook.$': '$.event.hook',
            'taskToken.$': '$$.Task.Token',
          },
        },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      HeartbeatSecondsPath: '$.heartbeatSeconds',
      ResultPath: '$.result',
    },
  });
  invoke.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
  const rejected = new sfn.Fail(scope, 'HookRejected', {
    error: 'HookRejected',
    causePath: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.result')),
  });
  return invoke.next(new sfn.Choice(scope, 'HookVerdict')
    .when(sfn.Condition.and(
      sfn.Condition.isPresent('$.result.passed'),
      sfn.Condition.isBoolean('$.result.passed'),
      sfn.Condition.booleanEquals('$.result.passed', true),
    ), new sfn.Succeed(scope, 'HookOk'))
    .otherwise(rejected));
}
