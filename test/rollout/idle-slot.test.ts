/** idleSlotInstanceCount: what the plan of a VariantRollout tells the controller about the idle slot (defect 9). */
import { Template } from 'aws-cdk-lib/assertions';
import { Lazy } from 'aws-cdk-lib';
import { DeploymentStrategy, VariantRollout, VariantRolloutProps } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

function planOf(props: Partial<VariantRolloutProps> = {}) {
  const f = rolloutFixture();
  new VariantRollout(f.stack, 'Rollout', { endpoint: blueGreenEndpoint(f), strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, ...props });
  const [res] = Object.values(Template.fromStack(f.stack).findResources('Custom::CdkMlopsRollout'));
  return JSON.parse(res.Properties.Plan);
}

describe('idleSlotInstanceCount', () => {
  test('by default the idle slot keeps one instance after a promotion; the prop sets another count', () => {
    expect(planOf().idleSlotInstanceCount).toBe(1);
    expect(planOf({ idleSlotInstanceCount: 2 }).idleSlotInstanceCount).toBe(2);
  });

  test.each([[0], [1.5], [-1]])('%s is refused, naming the prop and the fix', (count) => {
    expect(() => planOf({ idleSlotInstanceCount: count })).toThrow(new RegExp(
      `^VariantRollout: idleSlotInstanceCount must be a whole number >= 1 .*got ${count}\\. .*inference components; use 1`));
  });

  test('a token is refused (the count goes into the plan the controller validates)', () => {
    expect(() => planOf({ idleSlotInstanceCount: Lazy.number({ produce: () => 1 }) })).toThrow(/got a token/);
  });
});
