import { Aws, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DeploymentStrategy, RolloutController, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, resolvedDefinition, rolloutFixture } from './fixtures';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

afterAll(lintQueuedTemplates);

function userHook(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ passed: true, details: "ok" });'),
  });
}

describe('VariantRollout', () => {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f);
  const preHook = userHook(f.stack, 'PreHook');
  const postHook = userHook(f.stack, 'PostHook');
  const extra = new cloudwatch.Alarm(f.stack, 'BusinessKpi', {
    metric: endpoint.findVariant('green').metric('ConversionDrop'), threshold: 1, evaluationPeriods: 1,
  });
  const rollout = new VariantRollout(f.stack, 'Rollout', {
    // Hooks run in turn, each with its whole time-out: 5 minutes each keeps the canary within the deploy's budget.
    endpoint, variants: ['blue', 'green'],
    strategy: DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), hookTimeout: Duration.minutes(5) }),
    alarms: [extra], preTrafficHooks: [preHook], postTrafficHooks: [postHook],
  });
  const t = synth(f.stack);

  test('built-in alarms exist for both slots, scoped to the variant, 30 s on the endpoint\'s 10 s data (5XX 1 of 1, p99 2 of 2), named with the controller\'s prefix', () => {
    for (const variant of ['blue', 'green']) {
      for (const [metric, periods] of [['Invocation5XXErrors', 1], ['ModelLatency', 2]] as const) {
        t.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: variant }]),
          Period: 30, EvaluationPeriods: periods, DatapointsToAlarm: periods, TreatMissingData: 'notBreaching',
          AlarmName: Match.stringLikeRegexp(`^${rollout.controller.alarmNamePrefix}.*-${variant}-`),
        });
      }
    }
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 1_000_000 });
    expect(rollout.builtInAlarms).toHaveLength(4);
    expect(rollout.alarms).toHaveLength(5);
    expect(rollout.alarmsFor('green')).toEqual([...rollout.builtInAlarms.slice(2), extra]);
    expect(() => rollout.alarmsFor('red')).toThrow(/'red' is not one of its slots \(blue, green\)/);
  });

  test('the endpoint publishes invocation metrics every 10 s with enhanced metrics, since it has a rollout', () => {
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 },
    });
    expect(endpoint._invocationMetricsSeconds()).toBe(10);
  });

  test('the trigger carries both slots\' models, the alarms per slot, the plan with hook flags and hooks, and waits for the endpoint', () => {
    const [id, res] = Object.entries(t.findResources('Custom::CdkMlopsRollout'))[0];
    expect(res.Properties).toMatchObject({ Variants: ['blue', 'green'], OverrideFiringAlarms: 'false' });
    expect(res.Properties.VariantModels.blue['Fn::GetAtt'][0]).toMatch(/^Modelblue/);
    expect(res.Properties.VariantModels.green['Fn::GetAtt'][0]).toMatch(/^Modelgreen/);
    expect(JSON.parse(res.Properties.Plan)).toMatchObject({ name: 'canary-10%-300s', hooks: { preTraffic: true, postTraffic: true } });
    expect(res.Properties.SlotAlarmNames.blue).toEqual([expect.stringMatching(/-blue-error-rate$/), expect.stringMatching(/-blue-latency-p99$/)]);
    expect(res.Properties.SlotAlarmNames.green).toEqual([expect.stringMatching(/-green-error-rate$/), expect.stringMatching(/-green-latency-p99$/)]);
    expect(res.Properties.AlarmNames).toHaveLength(1); // the user's
    expect(res.Properties.PreTrafficHooks).toHaveLength(1);
    expect(res.Properties.PostTrafficHooks).toHaveLength(1);
    const endpointId = Stack.of(endpoint).getLogicalId(endpoint.node.defaultChild as any);
    expect(res.DependsOn).toContain(endpointId);
    expect(id).toMatch(/^Rollout/);
  });

  test('the endpoint depends on the drain guard, which carries a literal endpoint name and both slots\' models', () => {
    const [guardId, guard] = Object.entries(t.findResources('Custom::CdkMlopsRolloutGuard'))[0];
    const endpointId = Stack.of(endpoint).getLogicalId(endpoint.node.defaultChild as any);
    const ep = t.findResources('AWS::SageMaker::Endpoint')[endpointId];
    expect(ep.DependsOn).toContain(guardId);
    expect(typeof guard.Properties.EndpointName).toBe('string');
    expect(guard.Properties.EndpointName).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
    expect(ep.Properties.EndpointName).toBe(guard.Properties.EndpointName);
    expect(guard.Properties.Variants).toEqual(['blue', 'green']);
    expect(guard.Properties.VariantModels.green['Fn::GetAtt'][0]).toMatch(/^Modelgreen/);
    // Nothing in the guard may reference the endpoint: that would be a dependency cycle.
    expect(JSON.stringify(guard)).not.toContain(endpointId);
    // The guard drains this endpoint only; the live configuration's name is generated, so configurations are read by pattern.
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'],
        Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:endpoint/${guard.Properties.EndpointName.toLowerCase()}$`)])] },
      })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('GuardRole') }],
    });
  });

  test('controller and rollback Lambdas: 6 minutes, ROLLBACK_MAX_WAIT_SECONDS 300; the guard: 6 minutes', () => {
    for (const desc of ['cdk-mlops rollout controller', 'cdk-mlops rollback', 'cdk-mlops drain guard']) {
      t.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp(desc), Timeout: 360 });
    }
    for (const desc of ['cdk-mlops rollout controller', 'cdk-mlops rollback']) {
      t.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(desc),
        Environment: { Variables: Match.objectLike({ ROLLBACK_MAX_WAIT_SECONDS: '300' }) },
      });
    }
  });

  test('the controller is a per-stack singleton found by id', () => {
    expect(RolloutController.of(f.stack)).toBe(rollout.controller);
    expect(f.stack.node.tryFindChild(RolloutController.ID)).toBe(rollout.controller);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2); // the rollout machine and the provider's waiter
    t.resourceCountIs('AWS::DynamoDB::Table', 2); // the rollouts (latest per endpoint) and their history
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'endpointName', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    t.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'cdk-mlops rollouts', KmsMasterKeyId: Match.anyValue() });
  });

  test('the rollout state machine is STANDARD, traced, logs ALL to an encrypted log group', () => {
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true, Destinations: Match.anyValue() },
    });
    const groups = t.findResources('AWS::Logs::LogGroup');
    expect(Object.values(groups).every((g: any) => g.Properties.KmsKeyId)).toBe(true);
  });

  test('its ASL is valid (asl-validator) and loops Step → Decide → Wait → Step', () => {
    const asl = resolvedDefinition(t);
    const result = aslValidator(asl);
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    expect(asl.StartAt).toBe('Start');
    expect(asl.States.Start.Next).toBe('Step');
    expect(asl.States.Step.Next).toBe('Decide');
    expect(asl.States.Wait).toMatchObject({ Type: 'Wait', SecondsPath: '$.step.waitSeconds', Next: 'Step' });
    expect(asl.States.Decide.Choices.map((c: any) => c.StringEquals)).toEqual(
      ['WAIT', 'RUN_PRE_TRAFFIC_HOOK', 'RUN_POST_TRAFFIC_HOOK', 'COMPLETE', 'ROLLED_BACK', 'FAILED']);
    expect(asl.States.RolledBack).toMatchObject({ Type: 'Fail', CausePath: '$.step.reason' });
    expect(asl.States.Step.Retry[0].ErrorEquals).toContain('Lambda.ServiceException');
    // The controller throws when it could not restore the stable weights: retried with backoff.
    expect(asl.States.Step.Retry[1]).toMatchObject({ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3, BackoffRate: 2 });
    expect(asl.States.RunHooks).toMatchObject({ Type: 'Map', ItemsPath: '$.hook.functionArns', Next: 'HookPassed' });
    expect(asl.States.RunHooks.Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'HookFailed' });
    const hook = asl.States.RunHooks.ItemProcessor.States.InvokeHook;
    expect(hook.Retry[0].ErrorEquals).toContain('Lambda.TooManyRequestsException');
  });

  test('each hook is a wait for a task token with the controller\'s time-out and heartbeat, reported by the hook runner', () => {
    const asl = resolvedDefinition(t);
    const hook = asl.States.RunHooks.ItemProcessor.States.InvokeHook;
    // The runner is started asynchronously with the token; the wait ends only with its verdict, a time-out or a lost heartbeat.
    expect(hook.Resource).toMatch(/:states:::lambda:invoke\.waitForTaskToken$/);
    // A fixed function (the runner), not the hook's ARN from the item: the runner invokes the hook.
    expect(typeof hook.Parameters.FunctionName).toBe('string');
    expect(hook.Parameters['FunctionName.$']).toBeUndefined();
    expect(hook.Parameters.InvocationType).toBe('Event');
    expect(hook.Parameters.Payload).toMatchObject({ 'functionArn.$': '$.functionArn', 'heartbeatSeconds.$': '$.heartbeatSeconds',
      'event': { 'taskToken.$': '$$.Task.Token', 'endpointName.$': '$.event.endpointName', 'rolloutId.$': '$.event.rolloutId' } });
    expect(hook).toMatchObject({ TimeoutSecondsPath: '$.timeoutSeconds', HeartbeatSecondsPath: '$.heartbeatSeconds', ResultPath: '$.result' });
    // Time-out and heartbeat come from the controller's hook step (StepResult.hookTimeoutSeconds / hookHeartbeatSeconds).
    expect(asl.States.Step.ResultSelector['result.$']).toBe('$.Payload');
    expect(asl.States.PreTrafficHooks.Parameters).toMatchObject({ 'timeoutSeconds.$': '$.step.result.hookTimeoutSeconds',
      'heartbeatSeconds.$': '$.step.result.hookHeartbeatSeconds' });
    expect(asl.States.RunHooks.ItemSelector).toMatchObject({ 'timeoutSeconds.$': '$.hook.timeoutSeconds', 'heartbeatSeconds.$': '$.hook.heartbeatSeconds' });
    // A time-out, an abort or a rejection of any hook reaches the controller as a failed hook, with the error named.
    expect(asl.States.RunHooks.Catch[0]).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'HookFailed', ResultPath: '$.hookError' });
    expect(asl.States.HookFailed.Parameters.Payload).toMatchObject({ 'details.$': 'States.JsonToString($.hookError)', passed: false });
    // The runner gets the wait's time-out (it starts no hook that could end past the deadline); its RolloutDeadline
    // error reaches the controller by name, which ends the rollout with cause DEADLINE.
    expect(hook.Parameters.Payload).toMatchObject({ 'timeoutSeconds.$': '$.timeoutSeconds' });
    expect(asl.States.HookFailed.Parameters.Payload).toMatchObject({ 'error.$': '$.hookError.Error' });
    // Only the boolean true passes.
    expect(asl.States.RunHooks.ItemProcessor.States.HookVerdict.Choices[0].And.map((c: any) => Object.keys(c).find((k) => k !== 'Variable')))
      .toEqual(['IsPresent', 'IsBoolean', 'BooleanEquals']);
  });

  test('the alarm rule matches the prefix and lists user alarms, and invokes the rollback Lambda', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'],
        'detail': { alarmName: [{ prefix: rollout.controller.alarmNamePrefix }, { Ref: Match.stringLikeRegexp('BusinessKpi') }], state: { value: ['ALARM'] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Rollback'), 'Arn'] } })],
    });
  });

  test('least privilege: weights on this endpoint only, hooks invocable by the hook runner, hooks may invoke the endpoint', () => {
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).not.toMatch(/"sagemaker:\*"|"Action":"\*"/);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: ['sagemaker:UpdateEndpointWeightsAndCapacities', 'sagemaker:DescribeEndpoint'],
        Resource: { Ref: Stack.of(endpoint).getLogicalId(endpoint.node.defaultChild as any) },
      })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('ControllerServiceRole') }],
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('PreHook'), 'Arn'] }]) })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('HookRunnerServiceRole') }],
    });
    // The state machine starts only the runner; the runner answers the wait and reads the record (abort during hooks).
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('HookRunner'), 'Arn'] } })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('StateMachineRole') }],
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], Resource: '*' }),
      ]) },
      Roles: [{ Ref: Match.stringLikeRegexp('HookRunnerServiceRole') }],
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: Match.arrayWith(['dynamodb:GetItem']), Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('Table'), 'Arn'] }]) }),
      ]) },
      Roles: [{ Ref: Match.stringLikeRegexp('HookRunnerServiceRole') }],
    });
    const runnerPolicy = JSON.stringify(Object.values(t.findResources('AWS::IAM::Policy')).find((p: any) => /HookRunnerServiceRole/.test(JSON.stringify(p.Properties.Roles))));
    expect(runnerPolicy).not.toMatch(/dynamodb:PutItem|dynamodb:UpdateItem|sagemaker:/);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sagemaker:InvokeEndpoint']) })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('PreHookServiceRole') }],
    });
  });

  test('the deploy trigger polls every 30 s for at most one hour', () => {
    const waiter = Object.entries(t.findResources('AWS::StepFunctions::StateMachine')).find(([id]) => /waiterstatemachine/.test(id))![1] as any;
    const definition = JSON.stringify(waiter.Properties.DefinitionString);
    expect(definition).toMatch(/\\"IntervalSeconds\\":30/);
    expect(definition).toMatch(/\\"MaxAttempts\\":120/);
  });

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const own = nagFindings(f.stack).filter((x) => !/at Test\/(PreHook|PostHook|BusinessKpi)/.test(x));
    expect(own).toEqual([]);
  });
});

describe('VariantRollout options', () => {
  test('startOnDeploy false creates no trigger resource but keeps the drain guard and the execution input', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    const rollout = new VariantRollout(f.stack, 'Rollout', {
      endpoint, startOnDeploy: false, strategy: DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES,
    });
    const t = synth(f.stack);
    t.resourceCountIs('Custom::CdkMlopsRollout', 0);
    t.resourceCountIs('Custom::CdkMlopsRolloutGuard', 1);
    expect(rollout.resource).toBeUndefined();
    expect(rollout.variants).toEqual(['blue', 'green']);
    const input = JSON.stringify(f.stack.resolve(rollout.executionInputFor('blue')));
    expect(input).toContain('linear-10%-every-600s');
    expect(input).toContain('\\"stableVariant\\":\\"green\\"');
    expect(input).toContain('\\"candidateVariant\\":\\"blue\\"');
    expect(() => rollout.executionInputFor('red')).toThrow(/not one of its slots/);
    expect(nagFindings(f.stack)).toEqual([]);
  });

  // shadowFirst (shadow by replay, from the endpoint's Data Capture): test/rollout/shadow-replay.test.ts.

  test('two rollouts in a stack share one controller and one rule', () => {
    const f = rolloutFixture();
    const a = blueGreenEndpoint(f);
    const b = new (a.constructor as any)(f.stack, 'Endpoint2', {
      variants: [{ variantName: 'blue', model: f.models.blue }, { variantName: 'green', model: f.models.shadow, initialWeight: 0 }],
    });
    for (const [i, endpoint] of [a, b].entries()) {
      new VariantRollout(f.stack, `Rollout${i}`, { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE });
    }
    const t = Template.fromStack(f.stack);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    t.resourceCountIs('AWS::Events::Rule', 1);
    t.resourceCountIs('Custom::CdkMlopsRollout', 2);
    t.resourceCountIs('Custom::CdkMlopsRolloutGuard', 2);
    // Two distinct generated endpoint names.
    const names = Object.values(t.findResources('AWS::SageMaker::Endpoint')).map((e: any) => e.Properties.EndpointName);
    expect(new Set(names).size).toBe(2);
  });

  test('grantOperate and metricRollbacks', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE });
    const role = new iam.Role(f.stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    rollout.controller.grantOperate(role);
    const t = Template.fromStack(f.stack);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('Operator') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution' })]) },
    });
    // This endpoint's rollouts only, as the executor counts them (a stack with two endpoints counts each apart).
    const endpointName = f.stack.resolve(endpoint.endpointName);
    for (const [metric, name] of [[rollout.metricRollbacks(), 'RolloutsRolledBack'], [rollout.metricPromotions(), 'RolloutsPromoted'],
      [rollout.metricRolloutsStarted(), 'RolloutsStarted']] as const) {
      const m = metric as cloudwatch.Metric;
      expect({ namespace: m.namespace, metricName: m.metricName, statistic: m.statistic, dims: f.stack.resolve(m.dimensions) })
        .toEqual({ namespace: 'CdkMlops/Rollout', metricName: name, statistic: 'Sum', dims: { EndpointName: endpointName } });
    }
  });
});

describe('VariantRollout validation', () => {
  const make = (props: Partial<ConstructorParameters<typeof VariantRollout>[2]>, variants?: any[]) => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, {}, variants?.map((v) => ({ ...v, model: f.models.blue })));
    return () => new VariantRollout(f.stack, 'Rollout', {
      endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, ...props,
    });
  };

  test('the two slots must differ', () => {
    expect(make({ variants: ['blue', 'Blue'] })).toThrow(/VariantRollout: variants names 'blue' and 'Blue', the same variant \(SageMaker compares names case-insensitively\); name two different variants \(production variants: blue, green\)/);
    expect(make({ variants: ['blue'] })).toThrow(/variants has 1 names \(blue\); give exactly two/);
  });

  test('unknown variants', () => {
    expect(make({ variants: ['blue', 'red'] })).toThrow(/variants 'red' is not a variant of Test\/Endpoint \(production variants: blue, green\)/);
  });

  test('slots default to the endpoint\'s two variants, and must be named when it has more', () => {
    expect(make({}, [{ variantName: 'blue' }, { variantName: 'green', initialWeight: 0 }, { variantName: 'red', initialWeight: 0 }]))
      .toThrow(/variants is required: Test\/Endpoint has 3 variants \(production variants: blue, green, red\); name the two/);
    expect(make({ variants: ['blue', 'green'] }, [{ variantName: 'blue' }, { variantName: 'green', initialWeight: 0 }, { variantName: 'red', initialWeight: 0 }]))
      .not.toThrow();
  });

  test('one rollout per endpoint', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE });
    expect(() => new VariantRollout(f.stack, 'Rollout2', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE }))
      .toThrow(/endpoint Test\/Endpoint already has a VariantRollout/);
  });

  test('a literal endpointName is kept; a token one is refused', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { endpointName: 'iris-prod' });
    const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE });
    expect(f.stack.resolve((rollout.guard.node.defaultChild as any)._cfnProperties.EndpointName)).toBe('iris-prod');
    const g = rolloutFixture();
    const tokenName = blueGreenEndpoint(g, { endpointName: Fn.join('-', ['ep', Aws.ACCOUNT_ID]) });
    expect(() => new VariantRollout(g.stack, 'Rollout', { endpoint: tokenName, strategy: DeploymentStrategy.ALL_AT_ONCE }))
      .toThrow(/has a token as its endpointName; the drain guard needs a literal name/);
  });

  test('a weight-shifting strategy on a shadow slot needs two production variants', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { shadowVariant: { variantName: 'green', model: f.models.green } }, [{ variantName: 'blue', model: f.models.blue }]);
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE }))
      .toThrow(/'green' is the shadow variant, but strategy 'all-at-once' shifts weights, which needs the candidate as a second production variant/);
  });

  test('a strategy whose worst case is longer than a deploy can wait', () => {
    // 9 bakes of 10 min = 90 min before holds and shifts: far past the 52 minutes a deploy-started rollout may run.
    expect(make({ strategy: DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES }))
      .toThrow(/strategy 'linear-10%-every-600s' can take up to .*bakes 1 hour 30 minutes, holds 2 hours 15 minutes.*must end within 52 minutes .* set startOnDeploy: false/);
    // 10 min bake + 15 min hold + 5 min shift (100%) + 1 h window: the rollback window counts too.
    expect(make({ strategy: DeploymentStrategy.blueGreen({ bake: Duration.minutes(10), postPromotionWatch: Duration.hours(1) }) }))
      .toThrow(/rollback window 1 hour/);
    // The same strategies are fine when started outside a deploy: the deadline and the check interval bound them.
    expect(make({ strategy: DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES, startOnDeploy: false })).not.toThrow();
  });
});
