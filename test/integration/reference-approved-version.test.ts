/**
 * The last hop of approval → deploy that runs here: the deploy workflow's `cdk deploy -c modelPackageArn=<arn>`
 * makes the reference app's champion variant serve exactly that registry version, named in the template.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-stack';
import { MODEL_PACKAGE_CONTEXT_KEY } from '../../contracts/model-approval';

const ARN = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/platform-registry/7';

test('with -c modelPackageArn=<arn> the champion variant serves that exact version', () => {
  const { stack } = buildReferenceApp(new App({ context: { [MODEL_PACKAGE_CONTEXT_KEY]: ARN } }), {});
  const t = Template.fromStack(stack);
  const models = Object.entries(t.findResources('AWS::SageMaker::Model'))
    .filter(([, m]: [string, any]) => m.Properties.PrimaryContainer?.ModelPackageName === ARN);
  expect(models).toHaveLength(1);
  const [modelId] = models[0];
  const configs = Object.values(t.findResources('AWS::SageMaker::EndpointConfig')) as any[];
  const variants = configs.flatMap((c) => c.Properties.ProductionVariants);
  const champion = variants.find((v) => v.VariantName === 'champion');
  expect(JSON.stringify(champion.ModelName)).toContain(modelId);
  // Its role reads the version and the artifact bucket, nothing else of SageMaker's.
  expect(models[0][1].Properties.EnableNetworkIsolation).toBe(true);
});

test('without the context the champion serves the packaged model; a malformed ARN is refused at synth', () => {
  const { stack } = buildReferenceApp(new App(), {});
  const t = Template.fromStack(stack);
  const named = Object.values(t.findResources('AWS::SageMaker::Model')).filter((m: any) => m.Properties.PrimaryContainer?.ModelPackageName);
  expect(named).toHaveLength(0);
  expect(() => buildReferenceApp(new App({ context: { [MODEL_PACKAGE_CONTEXT_KEY]: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/x' } }), {}))
    .toThrow(/is not a versioned model package ARN/);
});
