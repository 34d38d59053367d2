import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DEPLOY_SESSION_SECONDS } from '../../contracts/github-delivery';
import { acknowledgeWildcards } from '../private/nag';
import { checkRegion } from '../private/validation/arns';
import { checkString, requireProps } from '../private/validation/checks';
import { durationIn } from '../private/validation/durations';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { limit } from '../private/validation/limits';
import { GitHubDeployRoleProps } from './github-deploy-role-props';
import { GitHubOidcProvider } from './github-oidc-provider';
import { bootstrapRoleArns, READ_STATEMENTS_REASON, readStatements } from './private/read-statements';
import { GITHUB_OIDC_HOST, githubDiffSubjects, githubSubjects } from './private/subjects';


/**
 * An IAM role that GitHub Actions assumes through OIDC to run `cdk deploy` (no long-lived keys): trusted only by one
 * repository's named branches or environments, allowed only to assume this account's CDK bootstrap roles, plus the
 * read-only calls `cdk-mlops rollout get --watch` makes to follow the rollout after the deploy. With
 * `diffEnvironments`, also a read-only role for the `cdk diff` job that runs before a deploy's approval.
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
 *   diffEnvironments: ['staging-diff', 'production-diff'],
 *   rolloutStackNames: ['Staging-CdkMlops', 'Production-CdkMlops'],
 * });
 */
export class GitHubDeployRole extends Construct {
  /** The role GitHub Actions assumes (`role-to-assume` of aws-actions/configure-aws-credentials). */
  public readonly role: iam.IRole;
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The read-only role of the `diffEnvironments`' jobs (`cdk diff` with the bootstrap lookup role); absent without them. */
  public readonly diffRole?: iam.IRole;
  /** The OIDC provider's ARN (created here or imported). */
  public readonly providerArn: string;
  /** The `sub` claims the role trusts, exactly. */
  public readonly subjects: string[];
  /** The `sub` claims the diff role trusts, exactly (empty without `diffEnvironments`). */
  public readonly diffSubjects: string[];

  constructor(scope: Construct, id: string, props: GitHubDeployRoleProps) {
    requireProps(ownerOf('GitHubDeployRole', `${scope.node.path}/${id}`), props, ['repository']);
    super(scope, id);
    const owner = ownerOf('GitHubDeployRole', this.node.path);
    const stack = Stack.of(this);
    this.subjects = githubSubjects(owner, props);
    this.diffSubjects = githubDiffSubjects(owner, props);
    this.providerArn = (props.provider ?? GitHubOidcProvider.create()).bind(this);
    const maxSession = props.maxSessionDuration ?? Duration.seconds(DEPLOY_SESSION_SECONDS);
    if (maxSession.isUnresolved()) {
      invalidProp(owner, 'maxSessionDuration', maxSession, 'aws-cdk-lib\'s iam.Role compares it with IAM\'s range at synth, which a ' +
        'parameter cannot pass: give a concrete Duration (1 to 12 hours).');
    }
    const session = limit('iam.MaxSessionDuration');
    durationIn(owner, 'maxSessionDuration', maxSession, {
      unit: 'seconds', min: Duration.seconds(session.min as number), max: Duration.seconds(session.max as number),
      api: `IAM role sessions (${session.source}); give at least the deploy job's time-out (the reference workflow asks for 5 hours)`,
    });
    (props.regions ?? []).forEach((r, i) => checkRegion(owner, `regions[${i}]`, r));
    const qualifier = props.bootstrapQualifier ?? 'hnb659fds';
    if (!Token.isUnresolved(qualifier) && !/^[a-z0-9]{1,10}$/.test(qualifier)) {
      invalidProp(owner, 'bootstrapQualifier', qualifier, 'CDK qualifiers are up to 10 lower-case letters or digits (cdk bootstrap --qualifier).');
    }
    (props.rolloutStackNames ?? []).forEach((name, i) => {
      if (!Token.isUnresolved(name) && /[*?]/.test(name)) invalidProp(owner, `rolloutStackNames[${i}]`, name, 'Wildcards would match other stacks: name each stack, e.g. \'Staging-CdkMlops\'.');
      checkString(owner, `rolloutStackNames[${i}]`, name, 'cloudformation.StackName');
    });
    const regions = props.regions ?? [stack.region];

    // cdk deploy: assume the bootstrap roles (deploy, asset publishing, lookup) of this account in the regions.
    const role = this.trustedRole('Role', this.subjects, `cdk deploy from GitHub Actions of ${props.repository} (OIDC)`, maxSession);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'AssumeCdkBootstrapRoles', actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: bootstrapRoleArns(stack, qualifier, regions, ['deploy', 'file-publishing', 'image-publishing', 'lookup']),
    }));
    this.grantReads(role, stack, props, regions, 'Writes are only possible through the CDK bootstrap roles.');
    this.role = role;
    this.roleArn = role.roleArn;

    // cdk diff --method template reads the deployed template through the lookup role, which is read-only.
    if (this.diffSubjects.length > 0) {
      const diffRole = this.trustedRole('DiffRole', this.diffSubjects,
        `cdk diff from GitHub Actions of ${props.repository} before a deploy's approval (OIDC, read-only)`, Duration.hours(1));
      diffRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'AssumeCdkLookupRoles', actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: bootstrapRoleArns(stack, qualifier, regions, ['lookup']),
      }));
      this.grantReads(diffRole, stack, props, regions, 'The role can write nothing: it assumes only the read-only lookup role.');
      this.diffRole = diffRole;
    }
  }

  private trustedRole(id: string, subjects: string[], description: string, maxSessionDuration: Duration): iam.Role {
    return new iam.Role(this, id, {
      description,
      maxSessionDuration,
      assumedBy: new iam.WebIdentityPrincipal(this.providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: subjects,
        },
      }),
    });
  }

  private grantReads(role: iam.Role, stack: Stack, props: GitHubDeployRoleProps, regions: string[], writes: string): void {
    const statements = readStatements(stack, props, regions);
    for (const st of statements) role.addToPrincipalPolicy(st);
    acknowledgeWildcards(role, `${READ_STATEMENTS_REASON} ${writes}`, ...statements);
  }
}
