import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { BuiltInAlgorithm, ContainerImage, Model, ModelData } from '../../lib/serving';
import { XGBOOST_REGISTRY_ACCOUNTS } from '../../lib/serving/private/algorithm-registries';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';

afterAll(lintQueuedTemplates);

describe('Model', () => {
  test('built-in XGBoost resolves per region through a mapping, without lookups', () => {
    const stack = new Stack(new App(), 'Agnostic'); // no env: region unknown at synth
    new Model(stack, 'M', { image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7) });
    const t = synth(stack);
    const mappings = t.toJSON().Mappings as Record<string, Record<string, { account: string }>>;
    const mapping = Object.values(mappings)[0];
    expect(mapping['us-east-1'].account).toBe(XGBOOST_REGISTRY_ACCOUNTS['us-east-1']);
    expect(Object.keys(mapping).length).toBe(Object.keys(XGBOOST_REGISTRY_ACCOUNTS).length);
    t.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { Image: { 'Fn::Join': ['', [
        { 'Fn::FindInMap': [Match.anyValue(), { Ref: 'AWS::Region' }, 'account'] },
        '.dkr.ecr.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/sagemaker-xgboost:1.7-1',
      ]] } },
    });
  });

  test('ECR image and S3 model data: the role may pull that repository and read that object only', () => {
    const stack = new Stack(new App(), 'Ecr', { env: { account: '111111111111', region: 'eu-west-1' } });
    const repo = new ecr.Repository(stack, 'Repo');
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    const model = new Model(stack, 'M', {
      image: ContainerImage.fromEcrRepository(repo, 'v3'),
      modelData: ModelData.fromBucket(bucket, 'models/v3/model.tar.gz'),
      environment: { SAGEMAKER_PROGRAM: 'inference.py' },
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Environment: { SAGEMAKER_PROGRAM: 'inference.py' },
        ModelDataUrl: { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('Bucket') }, '/models/v3/model.tar.gz']] },
      },
    });
    const doc = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(doc).toContain('ecr:BatchGetImage');
    expect(doc).toContain('/models/v3/model.tar.gz');
    expect(doc).not.toMatch(/"s3:\*"|AmazonSageMakerFullAccess/);
    // No managed policy at all on the model role.
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
    // The model waits for its role's policy: SageMaker checks access when the model is created.
    const m = Object.values(t.findResources('AWS::SageMaker::Model'))[0];
    expect((m.DependsOn as string[]).some((d) => d.includes('RoleDefaultPolicy'))).toBe(true);
    expect(model.role).toBeDefined();
  });

  test('local asset model data, VPC and network isolation', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-'));
    fs.writeFileSync(path.join(dir, 'model.tar.gz'), 'not really a tarball');
    // Environment-agnostic, so the VPC's subnets use Fn::GetAZs rather than placeholder zones.
    const stack = new Stack(new App(), 'Vpc');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const model = new Model(stack, 'M', {
      image: ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7),
      modelData: ModelData.fromAsset(path.join(dir, 'model.tar.gz')),
      vpc,
      networkIsolation: true,
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: { Subnets: Match.anyValue(), SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('SecurityGroup'), 'GroupId'] }] },
      PrimaryContainer: { ModelDataUrl: { 'Fn::Sub': Match.stringLikeRegexp('^s3://cdk-.*\\.gz$') } },
    });
    expect(model.connections.securityGroups).toHaveLength(1);
  });

  test('the model role passes cdk-nag in concrete and environment-agnostic stacks', () => {
    for (const env of [undefined, { account: '111111111111', region: 'eu-west-1' }]) {
      const stack = new Stack(new App(), 'Nag', { env });
      const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
      new Model(stack, 'M', {
        image: ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo')),
        modelData: ModelData.fromBucket(bucket, 'm/model.tar.gz'),
      });
      expect(nagFindings(stack).filter((f) => f.includes('/M/'))).toEqual([]);
    }
  });

  test('fromModelName imports a model', () => {
    const stack = new Stack(new App(), 'Imp', { env: { account: '111111111111', region: 'eu-west-1' } });
    const m = Model.fromModelName(stack, 'M', 'iris-v1');
    expect(m.modelName).toBe('iris-v1');
    expect(stack.resolve(m.modelArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:model/iris-v1']] });
    expect(m.role).toBeUndefined();
  });
});
