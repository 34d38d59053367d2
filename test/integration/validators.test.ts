/**
 * The validators the other tests rely on must be able to fail: a clean result only means something if a bad
 * template would have been reported.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acknowledgeKnownWildcards } from '../../lib/private/nag';
import { cfnLintFiles, haveCfnLint, nagFindings } from '../helpers/validators';

test('cfn-lint reports an invalid property (or the run says it was skipped)', () => {
  if (!haveCfnLint()) return;
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lint-')), 'bad.json');
  fs.writeFileSync(f, JSON.stringify({
    Resources: { E: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointConfigName: 'c', NoSuchProperty: 1 } } },
  }));
  const findings = cfnLintFiles([f]);
  expect(findings.map((x) => x.Rule.Id)).toContain('E3002');
});

test('cfn-lint knows AWS::SageMaker::EndpointConfig MetricsConfig (its own schema or the patch) and still checks it', () => {
  if (!haveCfnLint()) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
  const config = (metrics: unknown) => ({
    Resources: { C: { Type: 'AWS::SageMaker::EndpointConfig', Properties: {
      ProductionVariants: [{ VariantName: 'a', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.m5.large', InitialVariantWeight: 1 }],
      MetricsConfig: metrics,
    } } },
  });
  const lint = (name: string, metrics: unknown) => {
    const f = path.join(dir, `${name}.json`);
    fs.writeFileSync(f, JSON.stringify(config(metrics)));
    return cfnLintFiles([f]).map((x) => x.Rule.Id);
  };
  expect(lint('good', { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 10 })).toEqual([]);
  // A misspelt member and a wrong type are still reported.
  expect(lint('misspelt', { EnableEnhancedMetric: true })).toContain('E3002');
  expect(lint('type', { MetricPublishFrequencyInSeconds: 'often' })).toContain('E3012');
});

test('cdk-nag reports an unencrypted, non-TLS bucket', () => {
  const stack = new Stack(new App(), 'Bad');
  new s3.Bucket(stack, 'Open');
  const findings = nagFindings(stack);
  expect(findings.some((f) => f.startsWith('AwsSolutions-S10'))).toBe(true);
});

test('known wildcards are acknowledged, unknown ones still reported', () => {
  const stack = new Stack(new App(), 'Wild');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::somebody-else/*'] }));
  acknowledgeKnownWildcards(stack);
  const findings = nagFindings(stack);
  expect(findings.some((f) => f.startsWith('AwsSolutions-IAM5[Resource::*]'))).toBe(false);
  expect(findings.some((f) => f.startsWith('AwsSolutions-IAM5[Action::s3:*]'))).toBe(true);
  expect(findings.some((f) => f.startsWith('AwsSolutions-IAM5[Resource::arn:aws:s3:::somebody-else/*]'))).toBe(true);
});

test('a resource-less action beside another action on * is not acknowledged', () => {
  const stack = new Stack(new App(), 'Mixed');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 'sagemaker:DeleteEndpoint'], resources: ['*'] }));
  acknowledgeKnownWildcards(stack);
  expect(nagFindings(stack).some((f) => f.startsWith('AwsSolutions-IAM5[Resource::*]'))).toBe(true);
});
