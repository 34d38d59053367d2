import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_OIDC_HOST } from './private/subjects';


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

  /** A provider by ARN. */
  public static fromArn(providerArn: string): GitHubOidcProvider {
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
    return this.arn ?? Arn.format({
      service: 'iam', region: '', resource: 'oidc-provider', resourceName: GITHUB_OIDC_HOST,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    }, Stack.of(scope));
  }
}
