import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_OIDC_HOST } from './private/subjects';
import { checkArnOf, parseArn } from '../private/validation/arns';
import { invalidProp } from '../private/validation/fail';


/**
 * The GitHub OIDC provider a `GitHubDeployRole` trusts: a new one in this stack, or the account's existing one.
 *
 * @example
 * GitHubOidcProvider.fromAccount() // the account already has token.actions.githubusercontent.com
 */
export abstract class GitHubOidcProvider {
  /** Creates the provider (an account can hold only one for GitHub: use fromAccount() where it exists). */
  public static create(): GitHubOidcProvider {
    return new CreatedProvider();
  }

  /** The provider this account already has for token.actions.githubusercontent.com (found by its fixed ARN). */
  public static fromAccount(): GitHubOidcProvider {
    return new ExistingProvider(undefined);
  }

  /**
   * A provider by ARN: GitHub's issuer (`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`)
   * in the role's account. The role's conditions are GitHub's claims: a provider of another issuer would be trusted
   * under them, so it is refused.
   */
  public static fromArn(providerArn: string): GitHubOidcProvider {
    const owner = 'GitHubOidcProvider.fromArn';
    checkArnOf(owner, 'providerArn', providerArn, 'iam', /^oidc-provider\/.+$/, `arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_HOST}`);
    if (!Token.isUnresolved(providerArn) && parseArn(providerArn)!.resource !== `oidc-provider/${GITHUB_OIDC_HOST}`) {
      invalidProp(owner, 'providerArn', providerArn, `It is the provider of another issuer; the role trusts GitHub's claims (${GITHUB_OIDC_HOST}:sub), ` +
        `so give the account's provider for ${GITHUB_OIDC_HOST}, or GitHubOidcProvider.fromAccount().`);
    }
    return new ExistingProvider(providerArn);
  }

  /** Whether this provider is created by the stack. */
  public abstract readonly created: boolean;

  /** The provider's ARN, creating the provider under `scope` when needed. */
  public abstract bind(scope: Construct): string;
}

class CreatedProvider extends GitHubOidcProvider {
  public readonly created = true;

  public bind(scope: Construct): string {
    // The L1 resource: no custom resource, and it works with every aws-cdk-lib the library supports.
    const provider = new iam.CfnOIDCProvider(scope, 'Provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
      // IAM verifies GitHub with its own trusted CAs; the thumbprints are kept for older partitions' checks.
      thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1', '1c58a3a8518e8759bf075b76b750d4f2df264fcd'],
    });
    return provider.attrArn;
  }
}

class ExistingProvider extends GitHubOidcProvider {
  public readonly created = false;

  constructor(private readonly arn: string | undefined) {
    super();
  }

  public bind(scope: Construct): string {
    const account = Stack.of(scope).account;
    const given = this.arn !== undefined && !Token.isUnresolved(this.arn) ? parseArn(this.arn) : undefined;
    if (given && !Token.isUnresolved(account) && given.account !== account) {
      // AssumeRoleWithWebIdentity trusts a provider of the role's own account only.
      invalidProp(`GitHubDeployRole '${scope.node.path}'`, 'provider', this.arn, `It is in account ${given.account} and the role in ` +
        `${account}: a role trusts an OIDC provider of its own account only. Use GitHubOidcProvider.fromAccount() or create one.`);
    }
    return this.arn ?? Arn.format({
      service: 'iam', region: '', resource: 'oidc-provider', resourceName: GITHUB_OIDC_HOST,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }, Stack.of(scope));
  }
}
