import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { APPROVED_MODEL_PARAMETER_SUFFIX } from '../../contracts/model-approval';
import { acknowledgeWildcards } from '../private/nag';
import { checkRegion } from '../private/validation/arns';
import { checkString, requireProps } from '../private/validation/checks';
import { durationIn } from '../private/validation/durations';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { limit } from '../private/validation/limits';
import { GitHubDeployRoleProps } from './github-deploy-role-props';
import { GitHubOidcProvider } from './github-oidc-provider';
import { GITHUB_OIDC_HOST, githubSubjects } from './private/subjects';


/**
 * An IAM role that GitHub Actions assumes through OIDC to run `cdk deploy` (no long-lived keys): trusted only by one
 * repository's named branches or environments, allowed only to assume this account's CDK bootstrap roles, plus the
 * read-only calls `cdk-mlops rollout get --watch` makes to follow the rollout after the deploy.
 *
 * Deploy it once per target account, before the first workflow run (`npx cdk deploy` from a workstation).
 *
 * @example
 * new GitHubDeployRole(stack, 'GitHubDeploy', {
 *   repository: 'acme/ml-platform',
 *   ownerId: 1234567,
 *   repositoryId: 765432109,
 *   branches: ['main'],
 *   environments: ['staging', 'production'],
 *   rolloutStackNames: ['Staging-CdkMlops', 'Production-CdkMlops'],
 * });
 */
export class GitHubDeployRole extends Construct {
  /** The role GitHub Actions assumes (`role-to-assume` of aws-actions/configure-aws-credentials). */
  public readonly role: iam.IRole;
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The OIDC provider's ARN (created here or imported). */
  public readonly providerArn: string;
  /** The `sub` claims the role trusts, exactly. */
  public readonly subjects: string[];

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    requireProps(ownerOf('GitHubDeployRole', `${scope.node.path}/${id}`), props, ['repository']);
    super(scope, id);
    const owner = ownerOf('GitHubDeployRole', this.node.path);
    const stack = Stack.of(this);
    this.subjects = githubSubjects(owner, props);
    this.providerArn = (props.provider ?? GitHubOidcProvider.create()).bind(this);
    const maxSession = props.maxSessionDuration ?? Duration.hours(4);
    if (maxSession.isUnresolved()) {
      invalidProp(owner, 'maxSessionDuration', maxSession, 'aws-cdk-lib\'s iam.Role compares it with IAM\'s range at synth, which a ' +
        'parameter cannot pass: give a concrete Duration (1 to 12 hours).');
    }
    const session = limit('iam.MaxSessionDuration');
    durationIn(owner, 'maxSessionDuration', maxSession, {
      unit: 'seconds', min: Duration.seconds(session.min as number), max: Duration.seconds(session.max as number), api: `IAM role sessions (${session.source})`,
    });
    (props.regions ?? []).forEach((r, i) => checkRegion(owner, `regions[${i}]`, r));

    const role = new iam.Role(this, 'Role', {
      description: `cdk deploy from GitHub Actions of ${props.repository} (OIDC)`,
      maxSessionDuration: maxSession,
      assumedBy: new iam.WebIdentityPrincipal(this.providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: this.subjects,
        },
      }),
    });

    // cdk deploy: assume the bootstrap roles (deploy, asset publishing, lookup) of this account in the regions.
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    if (!Token.isUnresolved(qualifier) && !/^[a-z0-9]{1,10}$/.test(qualifier)) {
      invalidProp(owner, 'bootstrapQualifier', qualifier, 'CDK qualifiers are up to 10 lower-case letters or digits (cdk bootstrap --qualifier).');
    }
    const regions = props.regions ?? [stack.region];
    const bootstrapRoles = regions.flatMap((region) => ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(
      (kind) => stack.formatArn({ service: 'iam', region: '', resource: 'role',
        resourceName: `cdk-${qualifier}-${kind}-role-${stack.account}-${region}` })));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'AssumeCdkBootstrapRoles', actions: ['sts:AssumeRole', 'sts:TagSession'], resources: bootstrapRoles,
    }));

    (props.rolloutStackNames ?? []).forEach((name, i) => {
      if (!Token.isUnresolved(name) && /[*?]/.test(name)) invalidProp(owner, `rolloutStackNames[${i}]`, name, 'Wildcards would match other stacks: name each stack, e.g. \'Staging-CdkMlops\'.');
      checkString(owner, `rolloutStackNames[${i}]`, name, 'cloudformation.StackName');
    });

    // Following the rollout: read the rollout record, the endpoint, its alarms and invocation counts.
    const tableArns = [
      ...(props.rolloutTables ?? []).map((t) => t.tableArn),
      ...(props.rolloutStackNames ?? []).flatMap((name) => regions.map((region) =>
        stack.formatArn({ service: 'dynamodb', region, resource: 'table', resourceName: `${name}-*` }))),
    ];
    const statements: iam.PolicyStatement[] = [];
    if (tableArns.length > 0) {
      statements.push(new iam.PolicyStatement({ sid: 'ReadRolloutRecords', actions: ['dynamodb:GetItem'], resources: tableArns }));
    }
    statements.push(new iam.PolicyStatement({
      sid: 'ReadRolloutSignals',
      actions: ['sagemaker:DescribeEndpoint', 'cloudwatch:DescribeAlarms'],
      resources: regions.flatMap((region) => [
        stack.formatArn({ service: 'sagemaker', region, resource: 'endpoint', resourceName: '*' }),
        stack.formatArn({ service: 'cloudwatch', region, resource: 'alarm', resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ]),
    }), new iam.PolicyStatement({
      sid: 'ReadInvocationCounts', actions: ['cloudwatch:GetMetricStatistics'], resources: ['*'],
    }));
    // Resolving the champion slots before every deploy (cdk-mlops champion-slots): the stack's outputs name the
    // slots, the endpoint, the rollout table and the parameter the approval handler writes.
    const stackArns = (props.rolloutStackNames ?? []).flatMap((name) => regions.map((region) =>
      stack.formatArn({ service: 'cloudformation', region, resource: 'stack', resourceName: `${name}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })));
    if (stackArns.length > 0) {
      statements.push(new iam.PolicyStatement({ sid: 'ReadStackOutputs', actions: ['cloudformation:DescribeStacks'], resources: stackArns }));
    }
    statements.push(new iam.PolicyStatement({
      sid: 'ReadApprovedModelVersion', actions: ['ssm:GetParameter'],
      resources: regions.map((region) => stack.formatArn({ service: 'ssm', region, resource: 'parameter',
        resourceName: `cdk-mlops/*/${APPROVED_MODEL_PARAMETER_SUFFIX}`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })),
    }));
    for (const st of statements) role.addToPrincipalPolicy(st);
    acknowledgeWildcards(role, 'Read-only: DescribeEndpoint and DescribeAlarms on this account\'s endpoints ' +
      'and alarms (their names are generated at deploy time); GetMetricStatistics has no resource-level permissions; ' +
      'rollout tables are matched by their stack-name prefix; DescribeStacks on those stacks and GetParameter on the approved-version ' +
      'parameters of any model package group (/cdk-mlops/<group>/approved-model-package-arn, named at run time). Writes are only possible through the CDK bootstrap roles.',
    ...statements);
    this.role = role;
    this.roleArn = role.roleArn;
  }
}

