import { Duration } from 'aws-cdk-lib';
import { DeploymentStrategy } from '../../lib/rollout';

describe('DeploymentStrategy', () => {
  test('presets are CodeDeploy\'s configurations', () => {
    expect(DeploymentStrategy.CANARY_10PERCENT_5MINUTES._toPlan().steps).toEqual([
      { candidatePercent: 10, bakeSeconds: 300 }, { candidatePercent: 100, bakeSeconds: 0 },
    ]);
    const linear = DeploymentStrategy.LINEAR_10PERCENT_EVERY_3MINUTES._toPlan().steps;
    expect(linear.map((s) => s.candidatePercent)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(linear.slice(0, -1).every((s) => s.bakeSeconds === 180)).toBe(true);
    expect(DeploymentStrategy.ALL_AT_ONCE._toPlan().steps).toEqual([{ candidatePercent: 100, bakeSeconds: 0 }]);
    expect(DeploymentStrategy.LINEAR_10PERCENT_EVERY_10MINUTES.minimumDuration.toMinutes()).toBe(90);
  });

  test('blue/green bakes at 100% and watches the promoted slot', () => {
    const plan = DeploymentStrategy.blueGreen({ bake: Duration.minutes(10), postPromotionWatch: Duration.minutes(30) })._toPlan();
    expect(plan).toMatchObject({ finalBakeSeconds: 600, keepOldWarmSeconds: 1800, steps: [{ candidatePercent: 100, bakeSeconds: 0 }] });
  });

  test('postPromotionWatch on a canary, and its whole seconds', () => {
    expect(DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), postPromotionWatch: Duration.minutes(30) })._toPlan()
      .keepOldWarmSeconds).toBe(1800);
    expect(() => DeploymentStrategy.blueGreen({ bake: Duration.minutes(5), postPromotionWatch: Duration.millis(1500) }))
      .toThrow(/blueGreen: postPromotionWatch is 1 second 500 millis; use a whole number of seconds/);
  });

  test('_toPlan returns a copy', () => {
    const a = DeploymentStrategy.ALL_AT_ONCE._toPlan();
    (a.steps as any).push({ candidatePercent: 5, bakeSeconds: 0 });
    expect(DeploymentStrategy.ALL_AT_ONCE._toPlan().steps).toHaveLength(1);
  });

  describe('invalid strategies throw errors naming the prop, the value and the fix', () => {
    test.each([0, -5, 100, 150, NaN])('canary percentage %p', (percentage) => {
      expect(() => DeploymentStrategy.canary({ percentage, interval: Duration.minutes(5) }))
        .toThrow(new RegExp(`DeploymentStrategy.canary: percentage is ${percentage}; use a percentage above 0 and below 100`));
    });

    test('canary percent 100 points at allAtOnce', () => {
      expect(() => DeploymentStrategy.canary({ percentage: 100, interval: Duration.minutes(5) })).toThrow(/allAtOnce\(\) or blueGreen\(\)/);
    });

    test('canary without a watch', () => {
      expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.seconds(0) })).toThrow(/DeploymentStrategy.canary: interval is 0 seconds; use a whole number of seconds, at least 1/);
    });

    test('fractional seconds', () => {
      expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.millis(1500) })).toThrow(/interval is 1 second 500 millis; use a whole number of seconds/);
    });

    test('a linear step that does not divide 100', () => {
      expect(() => DeploymentStrategy.linear({ percentage: 30, interval: Duration.minutes(1) }))
        .toThrow(/percentage is 30, which does not divide 100 \(the last step would be 10%\); use a divisor of 100 .* DeploymentStrategy.steps/);
    });

    test('a linear step too small for the step limit', () => {
      expect(() => DeploymentStrategy.linear({ percentage: 0.5, interval: Duration.minutes(1) }))
        .toThrow(/percentage 0.5 makes 200 steps; at most 100 are allowed/);
    });

    test('steps that do not end at 100, or decrease, or bake at 100', () => {
      expect(() => DeploymentStrategy.steps([{ percent: 10, bake: Duration.minutes(1) }, { percent: 50 }]))
        .toThrow(/the last step is 50%; a plan must end at candidatePercent 100/);
      expect(() => DeploymentStrategy.steps([{ percent: 20 }, { percent: 10 }, { percent: 100 }]))
        .toThrow(/steps\[1\]\.candidatePercent is 10 after 20; steps must be strictly increasing/);
      expect(() => DeploymentStrategy.steps([{ percent: 10 }, { percent: 100, bake: Duration.minutes(5) }]))
        .toThrow(/steps\[1\]\.bakeSeconds is 300; the bake at 100% is finalBakeSeconds/);
      expect(() => DeploymentStrategy.steps([])).toThrow(/steps is empty/);
    });

    test('blueGreen with finalBake', () => {
      expect(() => DeploymentStrategy.blueGreen({ bake: Duration.minutes(5), postPromotionWatch: Duration.minutes(5), finalBake: Duration.minutes(1) }))
        .toThrow(/blueGreen: finalBake is set; a blue\/green bake is its `bake` prop/);
    });

    test('shadowFirst with a shadow-first inside', () => {
      const inner = DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), then: DeploymentStrategy.ALL_AT_ONCE });
      expect(() => DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), then: inner }))
        .toThrow(/shadowFirst: then is 'shadow-600s-then-all-at-once', which already starts with a shadow run/);
    });

    test('shadow gates out of range', () => {
      expect(() => DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), gates: { maxP99LatencyRatio: 0.9 }, then: DeploymentStrategy.ALL_AT_ONCE }))
        .toThrow(/gates.maxP99LatencyRatio is 0.9; it must be >= 1/);
      expect(() => DeploymentStrategy.shadowFirst({ duration: Duration.minutes(10), gates: { maxErrorRateIncrease: 5 }, then: DeploymentStrategy.ALL_AT_ONCE }))
        .toThrow(/gates.maxErrorRateIncrease is 5; it is a fraction in \[0, 1\]/);
    });

    test('minInvocationsPerStep not a whole number', () => {
      expect(() => DeploymentStrategy.allAtOnce({ minInvocationsPerStep: 2.5 })).toThrow(/minInvocationsPerStep is 2.5; it must be a whole number >= 0/);
    });
  });
});
