/**
 * DeploymentStrategy converts its Durations and props into the plan the controller runs (the plan builders are
 * contracts/rollout-plan-builders.ts, tested in test/contracts): the presets are the CodeDeploy configurations they
 * are named after, every option lands in seconds, the documented defaults hold, and the rendered trigger properties
 * and execution input parse as the handlers parse them.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as core from '../../lambda/core/rollout';
import { DeploymentStrategy, MaxHoldAction, VariantRollout } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

const planOf = (s: DeploymentStrategy) => core.planFromJson(JSON.stringify(s._toPlan()));
const stepsOf = (s: DeploymentStrategy) => planOf(s).steps.map((x) => [x.candidatePercent, x.bakeSeconds]);
const tenPercentSteps = (bake: number) => [...[10, 20, 30, 40, 50, 60, 70, 80, 90].map((p) => [p, bake]), [100, 0]];

describe('DeploymentStrategy renders its presets and props as plans', () => {
  test.each([
    ['ALL_AT_ONCE', DeploymentStrategy.ALL_AT_ONCE, 'all-at-once', [[100, 0]]],
    ['CANARY_10PERCENT_5MINUTES', DeploymentStrategy.CANARY_10PERCENT_5MINUTES, 'canary-10%-300s', [[10, 300], [100, 0]]],
    ['CANARY_10PERCENT_10MINUTES', DeploymentStrategy.CANARY_10PERCENT_10MINUTES, 'canary-10%-600s', [[10, 600], [100, 0]]],
    ['CANARY_10PERCENT_15MINUTES', DeploymentStrategy.CANARY_10PERCENT_15MINUTES, 'canary-10%-900s', [[10, 900], [100, 0]]],
    ['CANARY_10PERCENT_30MINUTES', DeploymentStrategy.CANARY_10PERCENT_30MINUTES, 'canary-10%-1800s', [[10, 1800], [100, 0]]],
    ['LINEAR_10PERCENT_EVERY_1MINUTE', DeploymentStrategy.LINEAR_10PERCENT_EVERY_1MINUTE, 'linear-10%-every-60s', tenPercentSteps(60)],
    ['LINEAR_10PERCENT_EVERY_2MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_2MINUTES, 'linear-10%-every-120s', tenPercentSteps(120)],
    ['LINEAR_10PERCENT_EVERY_3MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_3MINUTES, 'linear-10%-every-180s', tenPercentSteps(180)],
    ['LINEAR_10PERCENT_EVERY_10MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES, 'linear-10%-every-600s', tenPercentSteps(600)],
  ])('%s is its CodeDeploy namesake', (_n, strategy, name, steps) => {
    expect(strategy.name).toBe(name);
    expect(stepsOf(strategy)).toEqual(steps);
  });

  test('every option is rendered in seconds', () => {
    const plan = planOf(DeploymentStrategy.canary({ percentage: 1, interval: Duration.seconds(90),
      finalBake: Duration.minutes(2), postPromotionWatch: Duration.minutes(10), minInvocationsPerStep: 50,
      maxHold: Duration.minutes(5), onMaxHold: MaxHoldAction.ADVANCE, checkInterval: Duration.seconds(15),
      shiftTimeout: Duration.minutes(10), hookTimeout: Duration.minutes(15), name: 'smoke' }));
    expect(plan).toMatchObject({ name: 'smoke', steps: [{ candidatePercent: 1, bakeSeconds: 90 }, { candidatePercent: 100, bakeSeconds: 0 }],
      finalBakeSeconds: 120, keepOldWarmSeconds: 600, minInvocationsPerStep: 50, maxHoldSeconds: 300, onMaxHold: 'ADVANCE',
      checkIntervalSeconds: 15, shiftTimeoutSeconds: 600, hooks: { preTraffic: false, postTraffic: false, timeoutSeconds: 900 } });
  });

  test('blueGreen, steps and shadowFirst', () => {
    expect(planOf(DeploymentStrategy.blueGreen({ bake: Duration.minutes(5), postPromotionWatch: Duration.minutes(15) })))
      .toMatchObject({ name: 'blue-green-bake-300s-warm-900s', steps: [{ candidatePercent: 100, bakeSeconds: 0 }],
        finalBakeSeconds: 300, keepOldWarmSeconds: 900 });
    expect(stepsOf(DeploymentStrategy.steps([{ percent: 1, bake: Duration.minutes(2) }, { percent: 5, bake: Duration.minutes(3) },
      { percent: 25, bake: Duration.minutes(5) }, { percent: 100 }]))).toEqual([[1, 120], [5, 180], [25, 300], [100, 0]]);
    const shadow = planOf(DeploymentStrategy.shadowFirst({ duration: Duration.minutes(30),
      gates: { maxErrorRateIncrease: 0.02, maxP99LatencyRatio: 1.5, minRequests: 500 }, then: DeploymentStrategy.CANARY_10PERCENT_5MINUTES }));
    expect(shadow).toMatchObject({ name: 'shadow-1800s-then-canary-10%-300s',
      shadow: { durationSeconds: 1800, gates: { maxErrorRateIncrease: 0.02, maxP99LatencyRatio: 1.5, minRequests: 500 } } });
    // shadowFirst's documented default gates: 1 percentage point of errors, p99 at most 20% slower, 100 requests.
    expect(planOf(DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), then: DeploymentStrategy.ALL_AT_ONCE })).shadow?.gates)
      .toEqual({ maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 });
  });

  test('the defaults are the documented ones (@default of StrategyOptions)', () => {
    expect(planOf(DeploymentStrategy.ALL_AT_ONCE)).toMatchObject({
      finalBakeSeconds: 0, keepOldWarmSeconds: 0, minInvocationsPerStep: 30, maxHoldSeconds: 15 * 60, onMaxHold: 'FAIL',
      checkIntervalSeconds: 10, shiftTimeoutSeconds: 5 * 60, hooks: { timeoutSeconds: 10 * 60 },
    });
  });

  test('MaxHoldAction values are the plan\'s', () => {
    const values: core.MaxHoldAction[] = [MaxHoldAction.FAIL, MaxHoldAction.ADVANCE];
    expect(values).toEqual(['FAIL', 'ADVANCE']);
  });
});

describe('what the handlers parse', () => {
  test('the trigger\'s Plan parses as the controller parses it, with the rollout\'s hooks', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    const rollout = new VariantRollout(f.stack, 'Rollout', {
      endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
      preTrafficHooks: [new lambda.Function(f.stack, 'PreHook', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({})') })], overrideFiringAlarms: true,
    });
    const props = f.stack.resolve((rollout.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    // The rollout adds its hooks, the idle slot's count (idleSlotInstanceCount, default 1) and, as the endpoint publishes
    // every 10 s (its rollout asked for it), the 10 s period the controller reads.
    expect(core.planFromJson(props.Plan)).toEqual({ ...core.canary(10, 300), hooks: { preTraffic: true, postTraffic: false, timeoutSeconds: 600 },
      idleSlotInstanceCount: 1, metricsPeriodSeconds: 10 });
    expect(props.OverrideFiringAlarms).toBe('true');
    expect(props.Variants).toEqual(['blue', 'green']);
    expect(Object.keys(props.VariantModels).sort()).toEqual(['blue', 'green']);
    expect(props.SlotAlarmNames.blue).toHaveLength(2);
    expect(props.SlotAlarmNames.green).toHaveLength(2);
    expect(props.AlarmNames).toHaveLength(0);
    expect(props.PreTrafficHooks).toHaveLength(1);

    const guard = f.stack.resolve((rollout.guard.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    expect(guard.VariantModels).toEqual(props.VariantModels);
  });
});
