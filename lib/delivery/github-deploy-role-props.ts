import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { GitHubOidcProvider } from './github-oidc-provider';

/** How GitHub writes the `sub` claim of its OIDC tokens for a repository. */
export enum GitHubSubjectFormat {
  /**
   * `repo:owner@ownerId/name@repoId:...`: carries the numeric ids, so a deleted and re-created (or renamed and
   * re-registered) repository or owner of the same name does not match. GitHub's default for repositories created
   * since mid-2026. Needs `ownerId` and `repositoryId`.
   */
  IMMUTABLE = 'IMMUTABLE',
  /** `repo:owner/name:...`: names only, the format of older repositories. */
  CLASSIC = 'CLASSIC',
}

/** Props of `GitHubDeployRole`. */
export interface GitHubDeployRoleProps {
  /** The repository allowed to assume the role, as `owner/name`. Wildcards are rejected. */
  readonly repository: string;

  /**
   * Branches whose workflow runs may assume the role (`ref:refs/heads/<branch>` subjects), e.g. `['main']`.
   * Give `branches`, `environments` or both.
   *
   * @default - no branch: only the listed environments
   */
  readonly branches?: string[];

  /**
   * GitHub environments whose jobs may assume the role (`environment:<name>` subjects), e.g. `['production']`.
   * A job that names an environment gets this subject instead of the branch one, so list the environments of
   * every deploy job.
   *
   * @default - no environment: only the listed branches
   */
  readonly environments?: string[];

  /**
   * GitHub environments, without required reviewers, whose jobs may assume the read-only `diffRole` to run
   * `cdk diff` (and `cdk-mlops champion-slots`) before a deploy job waits for its approval, e.g.
   * `['staging-diff', 'production-diff']` for the reference workflows. The diff role can assume only the CDK
   * bootstrap lookup role (read-only) and make the deploy role's read calls.
   *
   * @default - no diff role
   */
  readonly diffEnvironments?: string[];

  /**
   * The subject format GitHub uses for this repository.
   *
   * @default GitHubSubjectFormat.IMMUTABLE
   */
  readonly subjectFormat?: GitHubSubjectFormat;

  /**
   * The numeric id of the repository's owner (`gh api users/<owner> --jq .id`). Required with the immutable format.
   *
   * @default - none (required unless subjectFormat is CLASSIC)
   */
  readonly ownerId?: number;

  /**
   * The numeric id of the repository (`gh api repos/<owner>/<name> --jq .id`). Required with the immutable format.
   *
   * @default - none (required unless subjectFormat is CLASSIC)
   */
  readonly repositoryId?: number;

  /**
   * The account's GitHub OIDC provider: a new one, or the one the account already has (an account holds one
   * provider per issuer URL).
   *
   * @default GitHubOidcProvider.create()
   */
  readonly provider?: GitHubOidcProvider;

  /**
   * Qualifier of the CDK bootstrap stack whose roles `cdk deploy` assumes.
   *
   * @default 'hnb659fds' (the CDK default)
   */
  readonly bootstrapQualifier?: string;

  /**
   * Regions the role may deploy to (the bootstrap roles of these regions in this account).
   *
   * @default - this stack's region
   */
  readonly regions?: string[];

  /**
   * Rollout tables the deploy job reads to follow the rollout (`cdk-mlops rollout get --watch`).
   *
   * @default - none; see `rolloutStackNames`
   */
  readonly rolloutTables?: dynamodb.ITable[];

  /**
   * Names of stacks whose rollout tables the deploy job may read, for tables in stacks deployed after this role
   * (CloudFormation names them `<stack name>-<logical id>-<suffix>`), e.g. `['Staging-CdkMlops']`; the job may
   * also read these stacks' outputs (DescribeStacks), where it finds the approved model version's parameter.
   *
   * @default - none; see `rolloutTables`
   */
  readonly rolloutStackNames?: string[];

  /**
   * Longest session: at least the longest deploy job, rollout included. The reference workflow asks for 5 hours
   * (`role-duration-seconds: 18000`); STS refuses a request longer than this.
   *
   * @default Duration.hours(5)
   */
  readonly maxSessionDuration?: Duration;
}
