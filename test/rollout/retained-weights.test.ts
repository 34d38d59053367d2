/**
 * Defect 8: a VariantRollout owns its endpoint's weights. An endpoint whose deploys apply the template's weights
 * (updatedVariantProperties naming DESIRED_WEIGHT: ExcludeRetainedVariantProperties; or RetainAllVariantProperties
 * turned off) would put the next candidate on its initialWeight before its rollout checks it, so it is refused.
 */
import { App } from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { VariantProperty } from '../../lib/serving';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

const strategy = DeploymentStrategy.CANARY_10PERCENT_5MINUTES;

describe('a VariantRollout refuses an endpoint whose deploys set the weights', () => {
  test('updatedVariantProperties with DESIRED_WEIGHT: refused, naming the endpoint, the prop, its value and the fix', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { updatedVariantProperties: [VariantProperty.DESIRED_INSTANCE_COUNT, VariantProperty.DESIRED_WEIGHT] });
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy })).toThrow(new RegExp(
      '^VariantRollout: endpoint Test/Endpoint has updatedVariantProperties \\[\'DesiredInstanceCount\', \'DesiredWeight\'\\] ' +
      '\\(ExcludeRetainedVariantProperties\\), so a deploy would put the template\'s weights .* on the live endpoint: the next ' +
      'candidate would serve before its rollout checks it.* Remove VariantProperty.DESIRED_WEIGHT from updatedVariantProperties'));
  });

  test('the other properties may be updated by a deploy: instance counts and data capture', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { updatedVariantProperties: [VariantProperty.DESIRED_INSTANCE_COUNT, VariantProperty.DATA_CAPTURE_CONFIG] });
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy })).not.toThrow();
  });

  test('an escape hatch set after the rollout was built fails the synth, naming the rollout', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    new VariantRollout(f.stack, 'Rollout', { endpoint, strategy });
    const cfn = endpoint.node.defaultChild as sagemaker.CfnEndpoint;
    cfn.excludeRetainedVariantProperties = [{ variantPropertyType: 'DesiredWeight' }];
    expect(() => (f.stack.node.root as App).synth()).toThrow(/Test\/Rollout.*VariantRollout: endpoint Test\/Endpoint has updatedVariantProperties \['DesiredWeight'\]/s);
  });

  test('RetainAllVariantProperties turned off (every property from the template) is refused too', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    (endpoint.node.defaultChild as sagemaker.CfnEndpoint).retainAllVariantProperties = false;
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy }))
      .toThrow(/Test\/Endpoint has RetainAllVariantProperties false, so a deploy would put the template's weights .* Leave RetainAllVariantProperties true/);
  });
});
