/**
 * GitHubDeployRole: trust limited to one repository's named branches or environments (immutable subjects by
 * default, classic on opt-in), wildcards rejected, permissions limited to the CDK bootstrap roles plus the
 * read-only calls of the rollout follow-up. Templates pass cfn-lint and cdk-nag.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { GitHubDeployRole, GitHubDeployRoleProps, GitHubOidcProvider, GitHubSubjectFormat } from '../../lib';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';

afterAll(lintQueuedTemplates);

const ENV = { account: '123456789012', region: 'eu-west-1' };
const BASE: GitHubDeployRoleProps = {
  repository: 'acme/ml-platform', ownerId: 1234567, repositoryId: 765432109, branches: ['main'],
  environments: ['staging', 'production'],
};

function make(props: Partial<GitHubDeployRoleProps> = {}, env = ENV) {
  const stack = new Stack(new App(), 'Deploy', { env });
  const role = new GitHubDeployRole(stack, 'GitHub', { ...BASE, ...props });
  return { stack, role };
}

describe('GitHubDeployRole', () => {
  it('trusts exactly the immutable subjects of the named branch and environments, with the STS audience', () => {
    const { stack, role } = make();
    expect(role.subjects).toEqual([
      'repo:acme@1234567/ml-platform@765432109:ref:refs/heads/main',
      'repo:acme@1234567/ml-platform@765432109:environment:staging',
      'repo:acme@1234567/ml-platform@765432109:environment:production',
    ]);
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    t.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'],
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      // contracts/github-delivery.ts: what the deploy workflow asks for (test/delivery/deploy-workflow.test.ts).
      MaxSessionDuration: 5 * 3600,
      AssumeRolePolicyDocument: { Statement: [{
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GitHubProvider'), 'Arn'] } },
        // StringEquals only: no StringLike, so nothing in the subjects is a pattern.
        Condition: { StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': role.subjects,
        } },
      }] },
    });
  });

  it('uses the classic subject on opt-in', () => {
    const { role } = make({ subjectFormat: GitHubSubjectFormat.CLASSIC, ownerId: undefined, repositoryId: undefined,
      environments: undefined });
    expect(role.subjects).toEqual(['repo:acme/ml-platform:ref:refs/heads/main']);
  });

  it('imports the account\'s existing provider instead of creating one', () => {
    const { stack } = make({ provider: GitHubOidcProvider.fromAccount() });
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const [role] = Object.values(t.findResources('AWS::IAM::Role'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Federated).toEqual({ 'Fn::Join': ['', [
      'arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:oidc-provider/token.actions.githubusercontent.com']] });
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const byArn = make({ provider: GitHubOidcProvider.fromArn(arn) });
    const [imported] = Object.values(synth(byArn.stack).findResources('AWS::IAM::Role'));
    expect(imported.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Federated).toBe(arn);
  });

  it('may only assume the CDK bootstrap roles, and read the rollout (no write besides)', () => {
    const { stack } = make({ rolloutStackNames: ['Staging-CdkMlops'], regions: ['eu-west-1', 'us-east-1'] });
    const t = synth(stack);
    const [policy] = Object.values(t.findResources('AWS::IAM::Policy'));
    const statements: Array<{ Sid: string; Action: string | string[]; Resource: unknown }> =
      policy.Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s) => [].concat(s.Action as never));
    expect(actions.sort()).toEqual(['cloudformation:DescribeStacks', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricStatistics',
      'dynamodb:GetItem', 'sagemaker:DescribeEndpoint', 'ssm:GetParameter', 'sts:AssumeRole', 'sts:TagSession']);
    const assume = statements.find((s) => s.Sid === 'AssumeCdkBootstrapRoles')!;
    const text = JSON.stringify(assume.Resource);
    for (const kind of ['deploy', 'file-publishing', 'image-publishing', 'lookup']) {
      for (const region of ['eu-west-1', 'us-east-1']) {
        expect(text).toContain(`:role/cdk-hnb659fds-${kind}-role-123456789012-${region}`);
      }
    }
    expect((assume.Resource as unknown[]).length).toBe(8);
    const read = statements.find((s) => s.Sid === 'ReadRolloutRecords')!;
    expect(JSON.stringify(read.Resource)).toContain(':dynamodb:eu-west-1:123456789012:table/Staging-CdkMlops-*');
    expect(JSON.stringify(statements.find((s) => s.Sid === 'ReadRolloutSignals')!.Resource))
      .toContain(':cloudwatch:eu-west-1:123456789012:alarm:*');
    // What cdk-mlops champion-slots reads before a deploy: the stack's outputs, then the approved version.
    const outputs = JSON.stringify(statements.find((s) => s.Sid === 'ReadStackOutputs')!.Resource);
    expect(outputs).toContain(':cloudformation:eu-west-1:123456789012:stack/Staging-CdkMlops/*');
    expect(outputs).toContain(':cloudformation:us-east-1:123456789012:stack/Staging-CdkMlops/*');
    const approved = JSON.stringify(statements.find((s) => s.Sid === 'ReadApprovedModelVersion')!.Resource);
    expect(approved).toContain(':ssm:eu-west-1:123456789012:parameter/cdk-mlops/*/approved-model-package-arn');
  });

  it('creates no diff role without diffEnvironments', () => {
    const { stack, role } = make();
    expect(role.diffRole).toBeUndefined();
    expect(role.diffSubjects).toEqual([]);
    synth(stack).resourceCountIs('AWS::IAM::Role', 1);
  });

  it('gives the diff environments a role of their own that can assume only the read-only lookup role', () => {
    const { stack, role } = make({ diffEnvironments: ['staging-diff', 'production-diff'], rolloutStackNames: ['Staging-CdkMlops'] });
    expect(role.diffSubjects).toEqual([
      'repo:acme@1234567/ml-platform@765432109:environment:staging-diff',
      'repo:acme@1234567/ml-platform@765432109:environment:production-diff',
    ]);
    // The deploy role does not trust them, and the diff role trusts nothing else.
    expect(role.subjects.filter((s) => s.endsWith('-diff'))).toEqual([]);
    const t = synth(stack);
    t.resourceCountIs('AWS::IAM::Role', 2);
    const diffRoleId = stack.getLogicalId(role.diffRole!.node.defaultChild as never);
    const diffRole = t.findResources('AWS::IAM::Role')[diffRoleId];
    expect(diffRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'])
      .toEqual(role.diffSubjects);
    const [policy] = Object.values(t.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: diffRoleId }] },
    }));
    const statements: Array<{ Sid: string; Action: string | string[]; Resource: unknown }> = policy.Properties.PolicyDocument.Statement;
    const assume = statements.find((s) => s.Sid === 'AssumeCdkLookupRoles')!;
    expect(JSON.stringify(assume.Resource)).toContain(':role/cdk-hnb659fds-lookup-role-123456789012-eu-west-1');
    expect(JSON.stringify(assume.Resource)).not.toMatch(/deploy-role|publishing-role/);
    const actions = statements.flatMap((s) => [].concat(s.Action as never)).sort();
    expect(actions).toEqual(['cloudformation:DescribeStacks', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricStatistics',
      'dynamodb:GetItem', 'sagemaker:DescribeEndpoint', 'ssm:GetParameter', 'sts:AssumeRole', 'sts:TagSession']);
    expect(nagFindings(stack)).toEqual([]);
  });

  it('grants GetItem on given tables', () => {
    const stack = new Stack(new App(), 'T', { env: ENV });
    const table = new dynamodb.Table(stack, 'Rollouts', { partitionKey: { name: 'k', type: dynamodb.AttributeType.STRING } });
    new GitHubDeployRole(stack, 'GitHub', { ...BASE, rolloutTables: [table], bootstrapQualifier: 'abc123' });
    const text = JSON.stringify(synth(stack).findResources('AWS::IAM::Policy'));
    expect(text).toContain('{"Fn::GetAtt":["Rollouts1951FC27","Arn"]}');
    expect(text).toContain('cdk-abc123-deploy-role');
  });

  it('passes cdk-nag, environment-agnostic too', () => {
    expect(nagFindings(make().stack)).toEqual([]);
    expect(nagFindings(make({ rolloutStackNames: ['Production-CdkMlops'] }, undefined as never).stack)).toEqual([]);
  });
});
