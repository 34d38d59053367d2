import { Token } from 'aws-cdk-lib';
import { GitHubDeployRoleProps, GitHubSubjectFormat } from '../github-deploy-role-props';

/** GitHub Actions' OIDC issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const WILDCARD = /[*?]/;
/** Characters a git ref cannot hold (git check-ref-format) plus ':' which would break the subject. */
const BAD_REF = /[\s~^:\\[\]]|\.\.|@\{|^\/|\/$|\.lock$/;

/** The exact `sub` claims for the props (validated: no wildcard, one repository, named refs). */
export function githubSubjects(props: GitHubDeployRoleProps): string[] {
  const fail = (msg: string): never => {
    throw new Error(`GitHubDeployRole: ${msg}`);
  };
  const repo = props.repository;
  if (Token.isUnresolved(repo)) fail('repository must be a literal owner/name (it becomes part of the trust policy)');
  if (WILDCARD.test(repo)) fail(`repository is '${repo}'; wildcards would trust other repositories: name one, e.g. 'acme/ml-platform'`);
  const [owner, name, extra] = repo.split('/');
  if (extra !== undefined || !owner || !name || !OWNER.test(owner) || !REPO.test(name)) {
    fail(`repository is '${repo}'; use owner/name as on GitHub, e.g. 'acme/ml-platform'`);
  }
  const branches = props.branches ?? [];
  const environments = props.environments ?? [];
  if (branches.length === 0 && environments.length === 0) {
    fail('give branches (e.g. [\'main\']) or environments (e.g. [\'production\']) whose jobs may assume the role');
  }
  for (const [i, b] of branches.entries()) {
    if (WILDCARD.test(b)) fail(`branches[${i}] is '${b}'; wildcards would trust any matching branch: list each branch`);
    if (b === '' || BAD_REF.test(b) || b.startsWith('refs/')) {
      fail(`branches[${i}] is '${b}'; give a branch name such as 'main' (without refs/heads/)`);
    }
  }
  for (const [i, e] of environments.entries()) {
    if (WILDCARD.test(e)) fail(`environments[${i}] is '${e}'; wildcards would trust any matching environment: list each one`);
    if (e.trim() === '' || e.includes(':') || e.length > 255) fail(`environments[${i}] is '${e}'; give a GitHub environment name`);
  }
  const format = props.subjectFormat ?? GitHubSubjectFormat.IMMUTABLE;
  let prefix: string;
  if (format === GitHubSubjectFormat.IMMUTABLE) {
    for (const [prop, v] of [['ownerId', props.ownerId], ['repositoryId', props.repositoryId]] as const) {
      if (v === undefined) {
        fail(`${prop} is required with the immutable subject format (repo:owner@ownerId/name@repoId): ` +
          `find it with \`gh api ${prop === 'ownerId' ? `users/${owner}` : `repos/${repo}`} --jq .id\`, or set ` +
          'subjectFormat: GitHubSubjectFormat.CLASSIC for a repository that still uses repo:owner/name');
      }
      if (!Token.isUnresolved(v) && !(Number.isInteger(v) && (v as number) > 0)) fail(`${prop} is ${v}; use GitHub's numeric id`);
    }
    prefix = `repo:${owner}@${props.ownerId}/${name}@${props.repositoryId}`;
  } else {
    prefix = `repo:${owner}/${name}`;
  }
  return [
    ...branches.map((b) => `${prefix}:ref:refs/heads/${b}`),
    ...environments.map((e) => `${prefix}:environment:${e}`),
  ];
}

