import { Duration } from 'aws-cdk-lib';
import { DeploymentStrategy } from '../../lib/rollout';

// canary and linear take aws-codedeploy's names (TimeBasedCanaryTrafficRoutingProps / TimeBasedLinearTrafficRoutingProps:
// `percentage`, `interval`); the earlier names keep working, deprecated.
describe('canary / linear prop names aligned with aws-codedeploy', () => {
  const min = (n: number) => Duration.minutes(n);

  test('canary({ percentage, interval }) is CodeDeploy\'s Canary10Percent5Minutes: 10% for 300 s, then 100%', () => {
    expect(DeploymentStrategy.canary({ percentage: 10, interval: min(5) })._toPlan().steps).toEqual([
      { candidatePercent: 10, bakeSeconds: 300 }, { candidatePercent: 100, bakeSeconds: 0 },
    ]);
  });

  test('the deprecated canary names (percent, bake) give the same plan', () => {
    expect(DeploymentStrategy.canary({ percent: 5, bake: min(2) })._toPlan())
      .toEqual(DeploymentStrategy.canary({ percentage: 5, interval: min(2) })._toPlan());
  });

  test('linear({ percentage, interval }) is CodeDeploy\'s Linear10PercentEvery1Minute; the deprecated stepPercent gives the same plan', () => {
    const plan = DeploymentStrategy.linear({ percentage: 25, interval: min(1) })._toPlan();
    expect(plan.steps.map((s) => s.candidatePercent)).toEqual([25, 50, 75, 100]);
    expect(DeploymentStrategy.linear({ stepPercent: 25, interval: min(1) })._toPlan()).toEqual(plan);
  });

  test.each([
    ['canary percentage and percent', () => DeploymentStrategy.canary({ percentage: 10, percent: 10, interval: min(5) }),
      /both percentage and percent are set; percent is the deprecated name of percentage\. Remove percent\./],
    ['canary interval and bake', () => DeploymentStrategy.canary({ percentage: 10, interval: min(5), bake: min(5) }),
      /both interval and bake are set; bake is the deprecated name of interval\. Remove bake\./],
    ['linear percentage and stepPercent', () => DeploymentStrategy.linear({ percentage: 10, stepPercent: 20, interval: min(1) }),
      /both percentage and stepPercent are set/],
  ])('old and new name at once is refused, not one silently winning: %s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  test.each([
    ['canary without a share', () => DeploymentStrategy.canary({ interval: min(5) }), /canary: percentage is required, e\.g\. percentage: 10/],
    ['canary without a time', () => DeploymentStrategy.canary({ percentage: 10 }), /canary: interval is required, e\.g\. interval: Duration\.minutes\(5\)/],
    ['linear without a share', () => DeploymentStrategy.linear({ interval: min(1) }), /linear: percentage is required/],
    // A JavaScript caller is not stopped by the compiler.
    ['linear without interval (JavaScript)', () => DeploymentStrategy.linear({ percentage: 10 } as any), /linear: interval is required/],
  ])('a missing required value names the current prop: %s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  test('errors name the prop the caller used', () => {
    expect(() => DeploymentStrategy.canary({ percentage: 100, interval: min(5) })).toThrow(/canary: percentage is 100; .*allAtOnce\(\)/);
    expect(() => DeploymentStrategy.canary({ percent: 0, bake: min(5) })).toThrow(/canary: percent is 0; use a percentage above 0/);
    expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.seconds(0) })).toThrow(/canary: interval is 0 seconds/);
    expect(() => DeploymentStrategy.linear({ percentage: 30, interval: min(1) })).toThrow(/linear: percentage is 30, which does not divide 100/);
    expect(() => DeploymentStrategy.linear({ stepPercent: 30, interval: min(1) })).toThrow(/linear: stepPercent is 30, which does not divide 100/);
  });
});
