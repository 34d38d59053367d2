/**
 * DeploymentStrategy's statisticalGate: off unless set; rendered into the rollout plan with its defaults (alpha 0.05,
 * no tolerated 5XX increase, 200 requests per variant, latency only with maxLatencyIncrease) exactly as the core
 * builders render it; refused at synth with the prop, the value and the fix; and the plan reaches the rollout's
 * trigger and execution input, with the controller allowed to read the variants' metrics (GetMetricData).
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as core from '../../lambda/core/rollout';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

const planOf = (s: DeploymentStrategy) => core.planFromJson(JSON.stringify(s._toPlan()));
const canary = (statisticalGate?: object) => DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(30),
  ...(statisticalGate ? { statisticalGate } : {}) });

describe('DeploymentStrategy statisticalGate', () => {
  it('is off unless set; {} takes the defaults; latency only with maxLatencyIncrease', () => {
    expect(planOf(canary()).statisticalGate).toBeUndefined();
    expect(planOf(DeploymentStrategy.CANARY_10PERCENT_5MINUTES).statisticalGate).toBeUndefined();
    expect(planOf(canary({})).statisticalGate).toEqual({ alpha: 0.05, max5xxIncrease: 0, minRequests: 200 });
    expect(planOf(canary({ alpha: 0.01, max5xxIncrease: 0.002, minRequests: 500, maxLatencyIncrease: Duration.millis(5) })).statisticalGate)
      .toEqual({ alpha: 0.01, max5xxIncrease: 0.002, minRequests: 500, maxLatencyIncreaseMs: 5 });
    // Sub-millisecond margins are kept, not rounded.
    expect(planOf(canary({ maxLatencyIncrease: Duration.millis(0.5) })).statisticalGate?.maxLatencyIncreaseMs).toBe(0.5);
  });

  it('renders what the core builders render, and shadowFirst keeps the gate of the strategy that moves traffic', () => {
    const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200, maxLatencyIncreaseMs: 2000 };
    expect(planOf(DeploymentStrategy.linear({ percentage: 20, interval: Duration.minutes(3), statisticalGate: { maxLatencyIncrease: Duration.seconds(2) } })))
      .toEqual(core.linear(20, 180, { statisticalGate: gate }));
    expect(planOf(DeploymentStrategy.shadowFirst({ duration: Duration.minutes(5), then: canary({}) })).statisticalGate)
      .toEqual(core.STATISTICAL_GATE_DEFAULTS);
  });

  it.each([
    ['alpha 0', { alpha: 0 }, /DeploymentStrategy.canary: statisticalGate.alpha is 0. .*probability above 0 and at most 0.5/],
    ['alpha 0.9', { alpha: 0.9 }, /statisticalGate.alpha is 0.9\./],
    ['max5xxIncrease 1', { max5xxIncrease: 1 }, /statisticalGate.max5xxIncrease is 1. It is a fraction of requests: use a number from 0 and below 1/],
    ['max5xxIncrease -0.01', { max5xxIncrease: -0.01 }, /statisticalGate.max5xxIncrease is -0.01\./],
    ['minRequests 0.5', { minRequests: 0.5 }, /statisticalGate.minRequests is 0.5. Use a whole number of requests, at least 1/],
    ['minRequests 0', { minRequests: 0 }, /statisticalGate.minRequests is 0\./],
    ['a token alpha', { alpha: Token.asNumber({ Ref: 'Alpha' }) }, /statisticalGate.alpha is 'a token'. The rollout plan is fixed at synth/],
    ['a token latency', { maxLatencyIncrease: Duration.millis(Token.asNumber({ Ref: 'Ms' })) }, /statisticalGate.maxLatencyIncrease is 'a token'. .*concrete Duration/],
  ])('refuses %s, naming the prop and the fix', (_name, gate, message) => {
    expect(() => canary(gate)).toThrow(message);
  });

  it('refuses a gate on a strategy where stable serves nothing (all at once, blue/green)', () => {
    expect(() => DeploymentStrategy.allAtOnce({ statisticalGate: {} }))
      .toThrow(/DeploymentStrategy.allAtOnce: statisticalGate is set, but every step sends all traffic to the candidate.*canary, linear or steps/);
    expect(() => DeploymentStrategy.blueGreen({ bake: Duration.minutes(5), statisticalGate: {} })).toThrow(/statisticalGate is set/);
  });
});

describe('VariantRollout with a statistical gate', () => {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f, { endpointName: 'iris-gate' });
  const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint,
    // 10 minutes: a startOnDeploy rollout, with its capacity wait, must fit in CloudFormation's hour.
    strategy: DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(10),
      statisticalGate: { alpha: 0.02, maxLatencyIncrease: Duration.millis(10) } }) });
  const t = synth(f.stack);

  it('puts the gate in the plan of the deploy trigger and of the execution input', () => {
    const props = f.stack.resolve((rollout.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    const expected = { alpha: 0.02, max5xxIncrease: 0, minRequests: 200, maxLatencyIncreaseMs: 10 };
    expect(core.planFromJson(props.Plan).statisticalGate).toEqual(expected);
    const input = JSON.stringify(f.stack.resolve(rollout.executionInputFor('green')));
    expect(input).toContain(JSON.stringify(JSON.stringify({ statisticalGate: expected })).slice(2, -3));
  });

  it('lets the controller read the variants\' metrics (GetMetricData takes no resource), acknowledged for cdk-nag', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['cloudwatch:GetMetricData']), Resource: '*' })]) },
    });
    expect(nagFindings(f.stack)).toEqual([]);
  });
});
