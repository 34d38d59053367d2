/**
 * The delivery family (GitHubDeployRole, GitHubOidcProvider): invalid inputs refused at synth naming the construct,
 * the prop, the value and the fix; token inputs deferred. GitHub's names (owner, repository) by GitHub's rules, region
 * names by botocore's partitions, session length by IAM's model, stack names by CloudFormation's.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { battery, deferred, numberParam, stringParam } from './battery';
import { GitHubDeployRole, GitHubDeployRoleProps, GitHubOidcProvider, GitHubSubjectFormat } from '../../lib/delivery';

const BASE: GitHubDeployRoleProps = { repository: 'acme/ml-platform', ownerId: 1234567, repositoryId: 765432109, branches: ['main'] };
function role(props: Partial<GitHubDeployRoleProps>, env = { account: '123456789012', region: 'eu-west-1' }): () => unknown {
  return () => new GitHubDeployRole(new Stack(new App(), 'Deploy', { env }), 'GitHub', { ...BASE, ...props });
}

describe('delivery: invalid configurations are refused at synth', () => {
  battery([
    {
      cls: 'github', name: "an owner ending with '-' ('acme-')", run: role({ repository: 'acme-/ml-platform' }),
      prop: /GitHubDeployRole 'Deploy\/GitHub': repository/, value: /'acme-\/ml-platform'/, fix: /owner 'acme-' is not a GitHub user or organization name/,
    },
    {
      cls: 'github', name: "an owner with '--'", run: role({ repository: 'ac--me/ml-platform' }),
      prop: /repository/, value: /'ac--me\/ml-platform'/, fix: /single hyphens/,
    },
    {
      cls: 'github', name: 'an owner of 40 characters', run: role({ repository: `${'a'.repeat(40)}/ml` }),
      prop: /repository/, value: /'aaaa/, fix: /at most 39 characters/,
    },
    {
      cls: 'github', name: 'a repository name with a space', run: role({ repository: 'acme/ml platform' }),
      prop: /repository/, value: /'acme\/ml platform'/, fix: /not one GitHub creates: letters, digits, '\.', '-' and '_'/,
    },
    {
      cls: 'github', name: "the repository name '..'", run: role({ repository: 'acme/..' }),
      prop: /repository/, value: /'acme\/\.\.'/, fix: /not one GitHub creates/,
    },
    {
      cls: 'github', name: 'a wildcard repository', run: role({ repository: 'acme/*' }),
      prop: /repository/, value: /'acme\/\*'/, fix: /Wildcards would trust or address other repositories/,
    },
    {
      cls: 'github', name: 'no owner', run: role({ repository: 'acme' }),
      prop: /repository/, value: /'acme'/, fix: /owner\/name as on GitHub/,
    },
    {
      cls: 'github', name: 'a wildcard branch', run: role({ branches: ['release/*'] }),
      prop: /branches\[0\]/, value: /'release\/\*'/, fix: /list each branch/,
    },
    {
      cls: 'github', name: 'a branch given as a ref', run: role({ branches: ['refs/heads/main'] }),
      prop: /branches\[0\]/, value: /refs\/heads\/main/, fix: /without refs\/heads/,
    },
    {
      cls: 'github', name: 'a wildcard environment', run: role({ environments: ['prod*'] }),
      prop: /environments\[0\]/, value: /'prod\*'/, fix: /Wildcards/,
    },
    {
      cls: 'github', name: 'a diff environment that is also a deploy environment (its approval would come first)',
      run: role({ environments: ['production'], diffEnvironments: ['production'] }),
      prop: /diffEnvironments\[0\]/, value: /'production'/, fix: /also one of environments.*e\.g\. 'production-diff'/,
    },
    {
      cls: 'github', name: 'a wildcard diff environment', run: role({ diffEnvironments: ['*-diff'] }),
      prop: /diffEnvironments\[0\]/, value: /'\*-diff'/, fix: /Wildcards/,
    },
    {
      cls: 'github', name: 'neither branches nor environments', run: role({ branches: [], environments: [] }),
      prop: /branches/, value: /a list of 0/, fix: /Give branches .* or environments/,
    },
    {
      cls: 'github', name: 'no owner id with the immutable subjects', run: role({ ownerId: undefined }),
      prop: /ownerId/, value: /undefined/, fix: /gh api users\/acme --jq \.id/,
    },
    {
      cls: 'non-finite', name: 'a repository id of NaN', run: role({ repositoryId: NaN }),
      prop: /repositoryId/, value: /NaN \(not a number\)/, fix: /GitHub's numeric id/,
    },
    {
      cls: 'fractional-capacity', name: 'a repository id of 1.5', run: role({ repositoryId: 1.5 }),
      prop: /repositoryId/, value: /1\.5/, fix: /whole number above 0/,
    },
    {
      cls: 'regions', name: "a region 'us-east1'", run: role({ regions: ['eu-west-1', 'us-east1'] }),
      prop: /regions\[1\]/, value: /'us-east1'/, fix: /did you mean 'us-east-1'/,
    },
    {
      cls: 'regions', name: 'an upper-case region', run: role({ regions: ['EU-WEST-1'] }),
      prop: /regions\[0\]/, value: /'EU-WEST-1'/, fix: /an AWS region such as 'us-east-1'/,
    },
    {
      cls: 'durations', name: 'a session of 30 minutes', run: role({ maxSessionDuration: Duration.minutes(30) }),
      prop: /maxSessionDuration/, value: /30 minutes/, fix: /from 1 hour to 12 hours/,
    },
    {
      cls: 'durations', name: 'a session of 13 hours', run: role({ maxSessionDuration: Duration.hours(13) }),
      prop: /maxSessionDuration/, value: /13 hours/, fix: /to 12 hours/,
    },
    {
      cls: 'tokens', name: "a token session length (aws-cdk-lib's iam.Role compares it at synth)", run: () => {
        const stack = new Stack(new App(), 'Deploy', { env: { account: '123456789012', region: 'eu-west-1' } });
        return new GitHubDeployRole(stack, 'GitHub', { ...BASE, maxSessionDuration: Duration.hours(numberParam(stack, 'Hours', 4)) });
      }, prop: /maxSessionDuration/, value: /a token Duration/, fix: /give a concrete Duration \(1 to 12 hours\)/,
    },
    {
      cls: 'limits', name: 'a wildcard stack name', run: role({ rolloutStackNames: ['Staging-*'] }),
      prop: /rolloutStackNames\[0\]/, value: /'Staging-\*'/, fix: /name each stack/,
    },
    {
      cls: 'limits', name: 'a stack name starting with a digit', run: role({ rolloutStackNames: ['1-Staging'] }),
      prop: /rolloutStackNames\[0\]/, value: /'1-Staging'/, fix: /\[A-Za-z\]\[A-Za-z0-9-\]\*/,
    },
    {
      cls: 'limits', name: 'a bootstrap qualifier with an underscore', run: role({ bootstrapQualifier: 'My_Qualifier' }),
      prop: /bootstrapQualifier/, value: /'My_Qualifier'/, fix: /up to 10 lower-case letters or digits/,
    },
    {
      cls: 'github', name: 'an OIDC provider of another issuer under GitHub\'s claims',
      run: () => GitHubOidcProvider.fromArn('arn:aws:iam::123456789012:oidc-provider/gitlab.com'),
      prop: /GitHubOidcProvider\.fromArn: providerArn/, value: /oidc-provider\/gitlab\.com/, fix: /the provider of another issuer; the role trusts GitHub's claims/,
    },
    {
      cls: 'arns', name: 'a provider ARN of another service', run: () => GitHubOidcProvider.fromArn('arn:aws:iam::123456789012:role/github'),
      prop: /providerArn/, value: /role\/github/, fix: /oidc-provider\/token\.actions\.githubusercontent\.com/,
    },
    {
      cls: 'arns', name: "the provider of another account (a role trusts its own account's providers)",
      run: role({ provider: GitHubOidcProvider.fromArn('arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com') }),
      prop: /GitHubDeployRole 'Deploy\/GitHub': provider/, value: /999999999999/, fix: /own account only/,
    },
    {
      cls: 'limits', name: 'a subject format that is not one (a JavaScript string)', run: role({ subjectFormat: 'LEGACY' as GitHubSubjectFormat }),
      prop: /subjectFormat/, value: /'LEGACY'/, fix: /GitHubSubjectFormat\.IMMUTABLE or GitHubSubjectFormat\.CLASSIC/,
    },
  ]);
});

describe('delivery: token inputs are deferred to CloudFormation', () => {
  deferred([
    {
      name: 'numeric GitHub ids, regions and stack names as parameters', refs: ['OwnerId', 'RepoId', 'Region', 'StackName'],
      run: (): Stack => {
        const stack = new Stack(new App(), 'Deploy', { env: { account: '123456789012', region: 'eu-west-1' } });
        new GitHubDeployRole(stack, 'GitHub', {
          ...BASE, ownerId: numberParam(stack, 'OwnerId', 1234567), repositoryId: numberParam(stack, 'RepoId', 765432109),
          regions: [stringParam(stack, 'Region', 'eu-west-1')],
          rolloutStackNames: [stringParam(stack, 'StackName', 'Staging-CdkMlops')],
        });
        return stack;
      },
    },
  ]);
});
