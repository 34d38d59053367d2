/**
 * The shape of the serving API: an endpoint is an aws-cdk-lib `sagemaker.IEndpoint` (so aws-cdk-lib's own
 * integrations take it), metrics come from per-variant handles, a model is a grantee.
 */
import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Model, ModelEndpoint } from '../../lib/serving';
import { endpointFixture } from './fixtures';

describe('ModelEndpoint as aws-cdk-lib sagemaker.IEndpoint', () => {
  test("API Gateway's SagemakerIntegration invokes a ModelEndpoint", () => {
    const { stack, modelA } = endpointFixture();
    const endpoint = new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'a', model: modelA }] });
    const asCdk: sagemaker.IEndpoint = endpoint; // compiles: IModelEndpoint extends sagemaker.IEndpoint
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addResource('predict').addMethod('POST', new apigateway.SagemakerIntegration(asCdk));

    const t = Template.fromStack(stack);
    const method = Object.values(t.findResources('AWS::ApiGateway::Method'))[0] as any;
    // The integration's URI names the endpoint (its CloudFormation name attribute), on SageMaker runtime's invocations path.
    expect(JSON.stringify(stack.resolve(method.Properties.Integration.Uri))).toMatch(/runtime\.sagemaker.*endpoints\/.*EndpointName.*invocations/);
    // The integration role may invoke this endpoint: grantInvoke is the IEndpoint contract.
    const policies = t.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(['sagemaker:InvokeEndpoint']),
      Resource: { Ref: expect.stringMatching(/^Endpoint/) },
    }));
  });

  test('endpointRef carries the ARN', () => {
    const { stack, modelA } = endpointFixture();
    const endpoint = new ModelEndpoint(stack, 'Endpoint', { variants: [{ variantName: 'a', model: modelA }] });
    expect(stack.resolve(endpoint.endpointRef.endpointArn)).toEqual(stack.resolve(endpoint.endpointArn));
  });
});

describe('per-variant metric handles', () => {
  test('findVariant names the variant; an unknown name is an error naming the known ones', () => {
    const { stack, modelA, modelB } = endpointFixture();
    const endpoint = new ModelEndpoint(stack, 'Endpoint', {
      endpointName: 'iris',
      variants: [{ variantName: 'blue', model: modelA }],
      shadowVariant: { variantName: 'shadow', model: modelB },
    });
    expect(endpoint.findVariant('blue').variantName).toBe('blue');
    expect(endpoint.findVariant('shadow').metricInvocations().dimensions).toMatchObject({ VariantName: 'shadow' });
    expect(() => endpoint.findVariant('green')).toThrow(/findVariant\('green'\).*variants are blue, shadow/);
  });

  test('an endpoint imported without variant names accepts any variant', () => {
    const stack = new Stack();
    const ep = ModelEndpoint.fromEndpointAttributes(stack, 'Imported', { endpointName: 'prod' });
    expect(ep.findVariant('x').metricModelLatency().dimensions).toEqual({ EndpointName: 'prod', VariantName: 'x' });
  });
});

describe('Model is IGrantable', () => {
  test('a grant to a model lands on its execution role', () => {
    const { stack, modelA } = endpointFixture();
    const grant = iam.Grant.addToPrincipal({ grantee: modelA, actions: ['s3:GetObject'], resourceArns: ['arn:aws:s3:::b/k'] });
    expect(grant.success).toBe(true);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => JSON.stringify(r).includes('ModelARole')))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/k' }));
  });

  test('an imported model without a role is a grantee whose grants only warn (nothing to attach them to)', () => {
    const stack = new Stack();
    const m = Model.fromModelAttributes(stack, 'M', { modelName: 'iris-v1' });
    iam.Grant.addToPrincipal({ grantee: m, actions: ['s3:GetObject'], resourceArns: ['*'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('s3:GetObject'))).toHaveLength(1);
    expect(Template.fromStack(stack).findResources('AWS::IAM::Policy')).toEqual({});
  });

  test('an imported model with its role grants to that role', () => {
    const stack = new Stack();
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::111111111111:role/model', { mutable: false });
    const m = Model.fromModelAttributes(stack, 'M', { modelName: 'iris-v1', role });
    expect(m.grantPrincipal).toBe(role.grantPrincipal);
    expect(m.role).toBe(role);
  });
});
