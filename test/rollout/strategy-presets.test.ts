/**
 * Every preset and builder of DeploymentStrategy renders the plan lambda/core's builders make (the simulator and the
 * CLI use those), and the rendered trigger properties and execution input parse as the handlers parse them.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as core from '../../lambda/core/rollout';
import { DeploymentStrategy, MaxHoldAction, VariantRollout } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

const roundTrip = (s: DeploymentStrategy) => core.planFromJson(JSON.stringify(s._toPlan()));

const options = {
  finalBakeSeconds: 120, keepOldWarmSeconds: 600, minInvocationsPerStep: 50, maxHoldSeconds: 300,
  onMaxHold: 'ADVANCE' as const, checkIntervalSeconds: 15, shiftTimeoutSeconds: 600, hooks: { timeoutSeconds: 900 },
};
const libOptions = {
  finalBake: Duration.minutes(2), postPromotionWatch: Duration.minutes(10), minInvocationsPerStep: 50,
  maxHold: Duration.minutes(5), onMaxHold: MaxHoldAction.ADVANCE, checkInterval: Duration.seconds(15),
  shiftTimeout: Duration.minutes(10), hookTimeout: Duration.minutes(15),
};

const cases: Array<[string, DeploymentStrategy, core.RolloutPlan]> = [
  ['ALL_AT_ONCE', DeploymentStrategy.ALL_AT_ONCE, core.allAtOnce()],
  ['CANARY_10PERCENT_5MINUTES', DeploymentStrategy.CANARY_10PERCENT_5MINUTES, core.canary(10, 300)],
  ['CANARY_10PERCENT_10MINUTES', DeploymentStrategy.CANARY_10PERCENT_10MINUTES, core.canary(10, 600)],
  ['CANARY_10PERCENT_15MINUTES', DeploymentStrategy.CANARY_10PERCENT_15MINUTES, core.canary(10, 900)],
  ['CANARY_10PERCENT_30MINUTES', DeploymentStrategy.CANARY_10PERCENT_30MINUTES, core.canary(10, 1800)],
  ['LINEAR_10PERCENT_EVERY_1MINUTE', DeploymentStrategy.LINEAR_10PERCENT_EVERY_1MINUTE, core.linear(10, 60)],
  ['LINEAR_10PERCENT_EVERY_2MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_2MINUTES, core.linear(10, 120)],
  ['LINEAR_10PERCENT_EVERY_3MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_3MINUTES, core.linear(10, 180)],
  ['LINEAR_10PERCENT_EVERY_10MINUTES', DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES, core.linear(10, 600)],
  ['allAtOnce(options)', DeploymentStrategy.allAtOnce(libOptions), core.allAtOnce(options)],
  ['canary(1%, 90 s, options)', DeploymentStrategy.canary({ percentage: 1, interval: Duration.seconds(90), ...libOptions }), core.canary(1, 90, options)],
  ['linear(12.5%)', DeploymentStrategy.linear({ percentage: 12.5, interval: Duration.minutes(1) }), core.linear(12.5, 60)],
  ['linear(1%)', DeploymentStrategy.linear({ percentage: 1, interval: Duration.seconds(30) }), core.linear(1, 30)],
  ['blueGreen', DeploymentStrategy.blueGreen({ bake: Duration.minutes(5), postPromotionWatch: Duration.minutes(15) }), core.blueGreen(300, 900)],
  ['steps', DeploymentStrategy.steps([
    { percent: 1, bake: Duration.minutes(2) }, { percent: 5, bake: Duration.minutes(3) }, { percent: 25, bake: Duration.minutes(5) }, { percent: 100 },
  ], { finalBake: Duration.minutes(1) }), core.customSteps([
    { candidatePercent: 1, bakeSeconds: 120 }, { candidatePercent: 5, bakeSeconds: 180 }, { candidatePercent: 25, bakeSeconds: 300 },
    { candidatePercent: 100, bakeSeconds: 0 },
  ], { finalBakeSeconds: 60 })],
  ['named', DeploymentStrategy.canary({ percentage: 5, interval: Duration.minutes(1), name: 'smoke' }), core.canary(5, 60, { name: 'smoke' })],
  ['shadowFirst', DeploymentStrategy.shadowFirst({
    duration: Duration.minutes(30),
    gates: { maxErrorRateIncrease: 0.02, maxP99LatencyRatio: 1.5, minRequests: 500 },
    then: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
  }), core.shadowFirst(1800, { maxErrorRateIncrease: 0.02, maxP99LatencyRatio: 1.5, minRequests: 500 }, core.canary(10, 300))],
  ['shadowFirst default gates', DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), then: DeploymentStrategy.ALL_AT_ONCE }),
    core.shadowFirst(600, { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 }, core.allAtOnce())],
];

describe('DeploymentStrategy renders the plans of lambda/core', () => {
  test.each(cases)('%s round-trips through planFromJson and equals the core builder', (_name, strategy, expected) => {
    const parsed = roundTrip(strategy);
    expect(parsed).toEqual(expected);
    expect(core.planProblems(parsed)).toEqual([]);
    expect(strategy.name).toEqual(expected.name);
  });

  test('the defaults equal PLAN_DEFAULTS', () => {
    const plan = DeploymentStrategy.ALL_AT_ONCE._toPlan();
    expect(plan).toMatchObject({
      finalBakeSeconds: core.PLAN_DEFAULTS.finalBakeSeconds,
      keepOldWarmSeconds: core.PLAN_DEFAULTS.keepOldWarmSeconds,
      minInvocationsPerStep: core.PLAN_DEFAULTS.minInvocationsPerStep,
      maxHoldSeconds: core.PLAN_DEFAULTS.maxHoldSeconds,
      onMaxHold: core.PLAN_DEFAULTS.onMaxHold,
      checkIntervalSeconds: core.PLAN_DEFAULTS.checkIntervalSeconds,
      shiftTimeoutSeconds: core.PLAN_DEFAULTS.shiftTimeoutSeconds,
      hooks: { timeoutSeconds: core.PLAN_DEFAULTS.hookTimeoutSeconds },
    });
  });

  test('MaxHoldAction values are the core\'s', () => {
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
    expect(core.planFromJson(props.Plan)).toEqual({ ...core.canary(10, 300), hooks: { preTraffic: true, postTraffic: false, timeoutSeconds: 600 } });
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
