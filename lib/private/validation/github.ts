import { Token } from 'aws-cdk-lib';
import { invalidProp } from './fail';
import { limit } from './limits';

/** GitHub's naming rules (generated table, `github.names`). */
interface GitHubNames { source: string; ownerPattern: string; repositoryPattern: string; reservedRepositoryNames: string[]; refusedRepositorySuffixes: string[] }

/**
 * A GitHub repository as `owner/name`, by GitHub's rules: an owner of letters, digits and single hyphens (not first
 * or last, at most 39), a name of letters, digits, '.', '-' and '_' (at most 100, not '.', '..', '*.git', '*.wiki').
 * A name GitHub would not create matches no OIDC subject and no dispatch. Returns the two parts (undefined for a token).
 */
export function checkGitHubRepository(owner: string, prop: string, value: string | undefined): { owner: string; name: string } | undefined {
  if (value === undefined || Token.isUnresolved(value)) return undefined;
  const rules = limit('github.names') as unknown as GitHubNames;
  const example = "e.g. 'acme/ml-platform'";
  if (typeof value !== 'string') return invalidProp(owner, prop, value, `Give owner/name as on GitHub, ${example}.`);
  if (/[*?]/.test(value)) invalidProp(owner, prop, value, `Wildcards would trust or address other repositories: name one, ${example}.`);
  const parts = value.split('/');
  if (parts.length !== 2) invalidProp(owner, prop, value, `Give owner/name as on GitHub (one '/'), ${example}.`);
  const [repoOwner, name] = parts;
  if (!new RegExp(`^(?:${rules.ownerPattern})$`).test(repoOwner)) {
    invalidProp(owner, prop, value, `The owner '${repoOwner}' is not a GitHub user or organization name: letters, digits and single ` +
      `hyphens, not first or last, at most 39 characters (${rules.source}).`);
  }
  const badSuffix = rules.refusedRepositorySuffixes.find((s) => name.toLowerCase().endsWith(s));
  if (!new RegExp(`^(?:${rules.repositoryPattern})$`).test(name) || rules.reservedRepositoryNames.includes(name) || badSuffix) {
    invalidProp(owner, prop, value, `The repository name '${name}' is not one GitHub creates: letters, digits, '.', '-' and '_', at most ` +
      `100 characters, not ${[...rules.reservedRepositoryNames, ...rules.refusedRepositorySuffixes.map((s) => `ending in '${s}'`)].join(', ')} (${rules.source}).`);
  }
  return { owner: repoOwner, name };
}
