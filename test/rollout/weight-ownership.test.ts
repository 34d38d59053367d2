/** One owner of an endpoint's weights: a rollout and an A/B reweighter never claim the same variants. */
import { Construct } from 'constructs';
import { DeploymentStrategy, VariantRollout, WeightOwnership } from '../../lib/rollout';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

function abEndpoint() {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f, {}, [
    { variantName: 'blue', model: f.models.blue, initialWeight: 90 },
    { variantName: 'green', model: f.models.green, initialWeight: 0 },
    { variantName: 'challenger', model: f.models.shadow, initialWeight: 10 },
  ]);
  return { f, endpoint };
}

describe('WeightOwnership', () => {
  test('synth refuses an A/B reweighter on a rollout\'s slot, naming both owners and the fix', () => {
    const { f, endpoint } = abEndpoint();
    new VariantRollout(f.stack, 'Rollout', { endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.ALL_AT_ONCE });
    const ab = new Construct(f.stack, 'Allocation');
    expect(() => WeightOwnership.claim(ab, endpoint, ['blue', 'challenger'], 'adaptive A/B allocation'))
      .toThrow(/Test\/Allocation \(adaptive A\/B allocation\) would move the weights of blue on Test\/Endpoint, which Test\/Rollout \(a VariantRollout\) already moves; .*Give each its own variants/);
  });

  test('and a rollout on variants an A/B reweighter claimed first', () => {
    const { f, endpoint } = abEndpoint();
    WeightOwnership.claim(new Construct(f.stack, 'Allocation'), endpoint, ['green', 'challenger'], 'adaptive A/B allocation');
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.ALL_AT_ONCE }))
      .toThrow(/Test\/Rollout \(a VariantRollout\) would move the weights of green .* which Test\/Allocation \(adaptive A\/B allocation\) already moves/);
  });

  test('a rollout on two slots beside an A/B arm with traffic: both claims coexist', () => {
    const { f, endpoint } = abEndpoint();
    new VariantRollout(f.stack, 'Rollout', { endpoint, variants: ['blue', 'green'], strategy: DeploymentStrategy.ALL_AT_ONCE });
    expect(WeightOwnership.claimsOn(endpoint)).toEqual([{ ownerPath: 'Test/Rollout', purpose: 'a VariantRollout', variants: ['blue', 'green'] }]);
  });

  test('claims name literal variants', () => {
    const { f, endpoint } = abEndpoint();
    expect(() => WeightOwnership.claim(new Construct(f.stack, 'X'), endpoint, [], 'x')).toThrow(/claims no variants/);
  });
});
