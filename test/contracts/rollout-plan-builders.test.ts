/** The plan builders (contracts/rollout-plan-builders.ts), used by DeploymentStrategy, the CLI and the simulator. */
import { planFromJson, RolloutPlanError } from '../../contracts/rollout-plan-validation';
import { allAtOnce, blueGreen, canary, customSteps, linear, shadowFirst } from '../../contracts/rollout-plan-builders';
import { refuseToStart } from '../../lambda/core/rollout';

const gates = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 };

describe('plan builders', () => {
  it('canary(10, 300) is 10% for 300 s then 100%', () => {
    expect(canary(10, 300).steps).toEqual([{ candidatePercent: 10, bakeSeconds: 300 }, { candidatePercent: 100, bakeSeconds: 0 }]);
  });

  it('linear(10, 60) is ten steps of 10 points, the last at 100% with its bake moved to finalBakeSeconds', () => {
    const plan = linear(10, 60);
    expect(plan.steps.map((s) => s.candidatePercent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(plan.steps.slice(0, 9).every((s) => s.bakeSeconds === 60)).toBe(true);
    expect(plan.steps[9].bakeSeconds).toBe(0);
  });

  it('linear(12.5, 60) adds up to 100 in eight steps (no floating-point drift)', () => {
    expect(linear(12.5, 60).steps.map((s) => s.candidatePercent)).toEqual([12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100]);
  });

  it('blueGreen puts the bake at 100% and keeps the old fleet warm', () => {
    const plan = blueGreen(600, 900);
    expect(plan.steps).toEqual([{ candidatePercent: 100, bakeSeconds: 0 }]);
    expect([plan.finalBakeSeconds, plan.keepOldWarmSeconds]).toEqual([600, 900]);
  });

  it('allAtOnce is one 100% step with no bake', () => {
    const plan = allAtOnce();
    expect(plan.steps).toEqual([{ candidatePercent: 100, bakeSeconds: 0 }]);
    expect(plan.finalBakeSeconds).toBe(0);
  });

  it('shadowFirst adds a shadow phase in front of another plan', () => {
    const plan = shadowFirst(600, gates, canary(10, 300));
    expect(plan.shadow).toEqual({ durationSeconds: 600, gates });
    expect(plan.steps).toEqual(canary(10, 300).steps);
  });

  it('defaults fail an unjudged step rather than promote it', () => {
    expect(canary(5, 60).onMaxHold).toBe('FAIL');
  });

  it('round-trips through JSON (the state machine input)', () => {
    const plan = shadowFirst(600, gates, linear(25, 120, { hooks: { preTraffic: true } }));
    expect(planFromJson(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('plan validation', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['canary of 0%', () => canary(0, 300), /^canary: percent is 0; use a percentage above 0 and below 100$/],
    ['canary of 100%', () => canary(100, 300), /percent is 100; .*\(to move all traffic in one step use allAtOnce\(\)/],
    ['canary of -5%', () => canary(-5, 300), /percent is -5;/],
    ['canary without bake', () => canary(10, 0), /^canary: bakeSeconds is 0; use a number of seconds of at least 1$/],
    ['linear of 0%', () => linear(0, 60), /^linear: percent is 0;/],
    ['linear of NaN', () => linear(NaN, 60), /percent is NaN/],
    ['linear step that does not divide 100', () => linear(30, 60), /linear: percent is 30, which does not divide 100 \(the last step would be 10%\)/],
    ['linear of 200 steps', () => linear(0.5, 60), /linear: percent 0.5 makes 200 steps; at most 100 are allowed/],
    ['a statistical gate without a split', () => allAtOnce({ statisticalGate: { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 } }),
      /allAtOnce: statisticalGate is set, but every step sends all traffic to the candidate/],
    ['idle slot at 0 instances', () => canary(10, 60, { idleSlotInstanceCount: 0 }), /idleSlotInstanceCount is 0; it must be a whole number >= 1/],
    ['steps not increasing', () => customSteps([{ candidatePercent: 20, bakeSeconds: 60 },
      { candidatePercent: 10, bakeSeconds: 60 }, { candidatePercent: 100, bakeSeconds: 0 }]),
    /steps\[1\]\.candidatePercent is 10 after 20; steps must be strictly increasing/],
    ['repeated step', () => customSteps([{ candidatePercent: 10, bakeSeconds: 60 },
      { candidatePercent: 10, bakeSeconds: 60 }, { candidatePercent: 100, bakeSeconds: 0 }]), /strictly increasing/],
    ['not ending at 100', () => customSteps([{ candidatePercent: 10, bakeSeconds: 60 },
      { candidatePercent: 50, bakeSeconds: 60 }]), /the last step is 50%; a plan must end at candidatePercent 100/],
    ['bake on the 100% step', () => customSteps([{ candidatePercent: 100, bakeSeconds: 60 }]),
      /set bakeSeconds 0 and finalBakeSeconds 60/],
    ['no steps', () => customSteps([]), /steps is empty/],
    ['percent above 100', () => customSteps([{ candidatePercent: 150, bakeSeconds: 0 }]), /must be > 0 and <= 100/],
    ['negative bake', () => customSteps([{ candidatePercent: 50, bakeSeconds: -1 },
      { candidatePercent: 100, bakeSeconds: 0 }]), /steps\[0\]\.bakeSeconds is -1/],
    ['negative maxHold', () => canary(10, 60, { maxHoldSeconds: -1 }), /maxHoldSeconds is -1/],
    ['fractional minInvocations', () => canary(10, 60, { minInvocationsPerStep: 2.5 }), /whole number/],
    ['zero check interval', () => canary(10, 60, { checkIntervalSeconds: 0 }), /checkIntervalSeconds is 0/],
    ['unknown onMaxHold', () => canary(10, 60, { onMaxHold: 'PROMOTE' as never }), /use 'FAIL' or 'ADVANCE'/],
    ['latency ratio below 1', () => shadowFirst(300, { ...gates, maxP99LatencyRatio: 0.2 }, canary(10, 60)),
      /maxP99LatencyRatio is 0.2; it must be >= 1/],
    ['error increase given in percent', () => shadowFirst(300, { ...gates, maxErrorRateIncrease: 5 }, canary(10, 60)),
      /maxErrorRateIncrease is 5; it is a fraction/],
    ['zero shadow duration', () => shadowFirst(0, gates, canary(10, 60)), /shadow.durationSeconds is 0/],
    ['shadow twice', () => shadowFirst(60, gates, shadowFirst(60, gates, canary(10, 60))), /then is 'shadow-60s-then-canary-10%-60s', which already starts with a shadow run/],
    ['JSON that is not an object', () => planFromJson('[1]'), /must be a JSON object/],
    ['JSON with bad steps', () => planFromJson({ ...canary(10, 60), steps: [{ candidatePercent: 10, bakeSeconds: 1 }] }),
      /must end at candidatePercent 100/],
  ];
  it.each(cases)('rejects %s', (_name, make, message) => {
    expect(make).toThrow(RolloutPlanError);
    expect(make).toThrow(message);
  });

  it('names the caller\'s builder and argument when told (DeploymentStrategy names its props)', () => {
    expect(() => canary(0, 60, {}, { builder: 'DeploymentStrategy.canary', percent: 'percentage' }))
      .toThrow(/^DeploymentStrategy.canary: percentage is 0;/);
  });

  it('lists every problem at once', () => {
    expect(() => customSteps([{ candidatePercent: 50, bakeSeconds: -1 }], { maxHoldSeconds: -2 }))
      .toThrow(/bakeSeconds is -1.*last step is 50%.*maxHoldSeconds is -2/);
  });
});

describe('refuseToStart', () => {
  const firing = [{ name: 'endpoint-5xx', state: 'ALARM' as const }, { name: 'candidate-5xx', state: 'OK' as const }];

  it('refuses while a guarding alarm is in ALARM, naming it', () => {
    const check = refuseToStart(firing, false);
    expect(check.refused).toBe(true);
    expect(check.firingAlarms).toEqual(['endpoint-5xx']);
    expect(check.reason).toContain('endpoint-5xx');
  });

  it('starts anyway with the operator override, and says so', () => {
    const check = refuseToStart(firing, true);
    expect(check.refused).toBe(false);
    expect(check.reason).toContain('overridden');
  });

  it('does not refuse on INSUFFICIENT_DATA or OK', () => {
    expect(refuseToStart([{ name: 'a', state: 'INSUFFICIENT_DATA' }, { name: 'b', state: 'OK' }]).refused).toBe(false);
    expect(refuseToStart([]).refused).toBe(false);
  });
});
