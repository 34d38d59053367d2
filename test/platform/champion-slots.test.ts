/**
 * MlPlatform's champion slots as a library user sees them: `championSlots` puts a registry version into one slot,
 * the rollout owns only blue and green (the challenger's weight has no run-time owner), and bad versions are refused
 * at synth with the prop, the value and the fix.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MlPlatform } from '../../lib/platform';
import { WeightOwnership } from '../../lib/rollout';

const stack = () => new Stack(new App(), 'P');
/** The platform registry's group (generated from its path, the same in every stack 'P'). */
const GROUP = new MlPlatform(stack(), 'Platform').registry.modelPackageGroupName;
const V2 = `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${GROUP}/2`;

test('championSlots.greenModelPackageArn: green serves that version, blue the packaged model; the rollout owns blue and green only', () => {
  const s = stack();
  const platform = new MlPlatform(s, 'Platform', { championSlots: { greenModelPackageArn: V2 } });
  const t = Template.fromStack(s);
  const models = t.findResources('AWS::SageMaker::Model') as Record<string, any>;
  const [config] = Object.values(t.findResources('AWS::SageMaker::EndpointConfig')) as any[];
  const modelOf = (variant: string) => {
    const v = config.Properties.ProductionVariants.find((p: any) => p.VariantName === variant);
    return models[v.ModelName['Fn::GetAtt'][0]].Properties.PrimaryContainer;
  };
  expect(modelOf('green').ModelPackageName).toBe(V2);
  expect(modelOf('blue').ModelPackageName).toBeUndefined();
  expect(modelOf('blue').ModelDataUrl).toBeDefined();
  expect(platform.rollout.variants).toEqual(['blue', 'green']);
  expect(WeightOwnership.claimsOn(platform.endpoint).map((c) => c.variants)).toEqual([['blue', 'green']]);
});

test.each([
  [{ championSlots: { blueModelPackageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/iris' } },
    /MlPlatform 'P\/Platform': championSlots\.blueModelPackageArn is 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group\/iris'\. Give a versioned model package ARN/],
  [{ championSlots: { greenModelPackageArn: 'iris/2' } }, /MlPlatform 'P\/Platform': championSlots\.greenModelPackageArn is 'iris\/2'/],
  // A version of another group: the slot's model may read only the platform's own registry.
  [{ championSlots: { greenModelPackageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/2' } },
    /championSlots\.greenModelPackageArn is '.*model-package\/iris\/2'\. It is a version of model package group 'iris', not of the registry's group/],
])('refused at synth: %j', (props, message) => {
  expect(() => new MlPlatform(stack(), 'Platform', props)).toThrow(message);
});
