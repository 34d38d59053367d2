import { Token } from 'aws-cdk-lib';
import { invalidProp } from '../../private/validation/fail';
import { checkGitHubRepository } from '../../private/validation/github';
import { checkRange } from '../../private/validation/numbers';
import { GitHubDeployRoleProps, GitHubSubjectFormat } from '../github-deploy-role-props';

/** GitHub Actions' OIDC issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

const WILDCARD = /[*?]/;
/** Characters a git ref cannot hold (git check-ref-format) plus ':' which would break the subject. */
const BAD_REF = /[\s~^:\\[\]]|\.\.|@\{|^\/|\/$|\.lock$/;

/** The exact `sub` claims of the deploy role (validated: no wildcard, one repository by GitHub's naming rules, named refs). */
export function githubSubjects(owner: string, props: GitHubDeployRoleProps): string[] {
  const branches = props.branches ?? [];
  const environments = props.environments ?? [];
  if (branches.length === 0 && environments.length === 0) {
    invalidProp(owner, 'branches', branches, 'Give branches (e.g. [\'main\']) or environments (e.g. [\'production\']) whose jobs may assume the role.');
  }
  const prefix = repositoryPrefix(owner, props);
  for (const [i, b] of branches.entries()) {
    if (WILDCARD.test(b)) invalidProp(owner, `branches[${i}]`, b, 'Wildcards would trust any matching branch: list each branch.');
    if (b === '' || BAD_REF.test(b) || b.startsWith('refs/')) {
      invalidProp(owner, `branches[${i}]`, b, 'Give a branch name such as \'main\' (without refs/heads/), as git accepts it.');
    }
  }
  checkEnvironments(owner, 'environments', environments);
  return [
    ...branches.map((b) => `${prefix}:ref:refs/heads/${b}`),
    ...environments.map((e) => `${prefix}:environment:${e}`),
  ];
}

/** The `sub` claims of the read-only diff role: the `diffEnvironments`, none of which may deploy. */
export function githubDiffSubjects(owner: string, props: GitHubDeployRoleProps): string[] {
  const diffEnvironments = props.diffEnvironments ?? [];
  checkEnvironments(owner, 'diffEnvironments', diffEnvironments);
  for (const [i, e] of diffEnvironments.entries()) {
    if ((props.environments ?? []).includes(e)) {
      invalidProp(owner, `diffEnvironments[${i}]`, e, 'It is also one of environments; the diff job must run before that ' +
        `environment's approval, so give it an environment of its own without reviewers, e.g. '${e}-diff'.`);
    }
  }
  const prefix = repositoryPrefix(owner, props);
  return diffEnvironments.map((e) => `${prefix}:environment:${e}`);
}

function checkEnvironments(owner: string, prop: string, environments: string[]): void {
  for (const [i, e] of environments.entries()) {
    if (WILDCARD.test(e)) invalidProp(owner, `${prop}[${i}]`, e, 'Wildcards would trust any matching environment: list each one.');
    if (e.trim() === '' || e.includes(':') || e.length > 255) invalidProp(owner, `${prop}[${i}]`, e, 'Give a GitHub environment name (at most 255 characters, no \':\').');
  }
}

/** `repo:owner@ownerId/name@repoId` or `repo:owner/name`, after checking the repository and its ids. */
function repositoryPrefix(owner: string, props: GitHubDeployRoleProps): string {
  const repo = props.repository;
  if (Token.isUnresolved(repo)) {
    invalidProp(owner, 'repository', repo, 'It becomes part of the trust policy\'s exact subjects: give a literal owner/name, e.g. \'acme/ml-platform\'.');
  }
  const { owner: repoOwner, name } = checkGitHubRepository(owner, 'repository', repo)!;
  const format = props.subjectFormat ?? GitHubSubjectFormat.IMMUTABLE;
  if (!Object.values(GitHubSubjectFormat).includes(format)) {
    invalidProp(owner, 'subjectFormat', format, `Use ${Object.values(GitHubSubjectFormat).map((f) => `GitHubSubjectFormat.${f}`).join(' or ')}.`);
  }
  if (format !== GitHubSubjectFormat.IMMUTABLE) return `repo:${repoOwner}/${name}`;
  for (const [prop, v] of [['ownerId', props.ownerId], ['repositoryId', props.repositoryId]] as const) {
    if (v === undefined) {
      invalidProp(owner, prop, v, 'It is required with the immutable subject format (repo:owner@ownerId/name@repoId): ' +
        `find it with \`gh api ${prop === 'ownerId' ? `users/${repoOwner}` : `repos/${repo}`} --jq .id\`, or set ` +
        'subjectFormat: GitHubSubjectFormat.CLASSIC for a repository that still uses repo:owner/name.');
    }
    checkRange(owner, prop, v, { min: 1, integer: true }, 'Use GitHub\'s numeric id (a whole number above 0).');
  }
  return `repo:${repoOwner}@${props.ownerId}/${name}@${props.repositoryId}`;
}
