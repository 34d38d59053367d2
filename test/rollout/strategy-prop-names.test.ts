import { Duration } from 'aws-cdk-lib';
import { DeploymentStrategy } from '../../lib/rollout';

// canary and linear take aws-codedeploy's names (TimeBasedCanaryTrafficRoutingProps / TimeBasedLinearTrafficRoutingProps:
// `percentage`, `interval`), and only those: the earlier names were removed before any release.
describe('canary / linear prop names aligned with aws-codedeploy', () => {
  const min = (n: number) => Duration.minutes(n);

  test('canary({ percentage, interval }) is CodeDeploy\'s Canary10Percent5Minutes: 10% for 300 s, then 100%', () => {
    expect(DeploymentStrategy.canary({ percentage: 10, interval: min(5) })._toPlan().steps).toEqual([
      { candidatePercent: 10, bakeSeconds: 300 }, { candidatePercent: 100, bakeSeconds: 0 },
    ]);
  });

  test('linear({ percentage, interval }) adds the percentage every interval until 100%', () => {
    const plan = DeploymentStrategy.linear({ percentage: 25, interval: min(1) })._toPlan();
    expect(plan.steps.map((s) => [s.candidatePercent, s.bakeSeconds])).toEqual([[25, 60], [50, 60], [75, 60], [100, 0]]);
  });

  test.each([
    // A JavaScript caller is not stopped by the compiler; the removed names are not read either.
    ['canary without a share (the removed name percent)', () => DeploymentStrategy.canary({ percent: 10, interval: min(5) } as any),
      /canary: percentage is required, e\.g\. percentage: 10/],
    ['canary without a time (the removed name bake)', () => DeploymentStrategy.canary({ percentage: 10, bake: min(5) } as any),
      /canary: interval is required, e\.g\. interval: Duration\.minutes\(5\)/],
    ['linear without a share (the removed name stepPercent)', () => DeploymentStrategy.linear({ stepPercent: 10, interval: min(1) } as any),
      /linear: percentage is required/],
    ['linear without interval', () => DeploymentStrategy.linear({ percentage: 10 } as any), /linear: interval is required, e\.g\. interval: Duration\.minutes\(1\)/],
  ])('a missing required value names the prop and an example: %s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  test('errors name the prop', () => {
    expect(() => DeploymentStrategy.canary({ percentage: 100, interval: min(5) })).toThrow(/canary: percentage is 100; .*allAtOnce\(\)/);
    expect(() => DeploymentStrategy.canary({ percentage: 0, interval: min(5) })).toThrow(/canary: percentage is 0; use a percentage above 0/);
    expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.seconds(0) })).toThrow(/canary: interval is 0 seconds/);
    expect(() => DeploymentStrategy.linear({ percentage: 30, interval: min(1) })).toThrow(/linear: percentage is 30, which does not divide 100/);
  });
});
