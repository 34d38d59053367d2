import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { aws_sagemaker as sagemakerRefs } from 'aws-cdk-lib/interfaces';
import { IEndpointVariant } from './endpoint-variant';
import { EndpointVariant } from './private/endpoint-variant';

/**
 * A SageMaker real-time endpoint. It is an `aws-cdk-lib/aws-sagemaker` `IEndpoint`, so it works wherever one is
 * taken (e.g. API Gateway's `SagemakerIntegration`).
 */
export interface IModelEndpoint extends IResource, sagemaker.IEndpoint {
  /** Names of the production variants, when known (empty for an endpoint imported without them). */
  readonly variantNames: string[];

  /**
   * The metric handle of one variant: `endpoint.findVariant('green').metricModelLatency()`.
   * @param variantName a production or shadow variant of the endpoint
   */
  findVariant(variantName: string): IEndpointVariant;
}

/** Metrics and grants shared by endpoints created here and imported ones. */
export abstract class EndpointBase extends Resource implements IModelEndpoint {
  /** The endpoint's name. */
  public abstract readonly endpointName: string;
  /** The endpoint's ARN. */
  public abstract readonly endpointArn: string;
  /** Names of the production variants, when known. */
  public abstract readonly variantNames: string[];

  /** A reference to the endpoint (the `IEndpointRef` of aws-cdk-lib). */
  public get endpointRef(): sagemakerRefs.EndpointReference {
    return { endpointArn: this.endpointArn };
  }

  /**
   * Lets a principal invoke the endpoint (any variant, including with `TargetVariant`; sync, async and streaming).
   * @param grantee the principal
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream'],
      resourceArns: [this.endpointArn],
    });
  }

  /**
   * The metric handle of one variant.
   * @param variantName a production or shadow variant of the endpoint
   */
  public findVariant(variantName: string): IEndpointVariant {
    const known = this.knownVariantNames();
    if (known.length > 0 && !known.includes(variantName)) {
      throw new Error(`${this.node.path}: findVariant('${variantName}'): the endpoint has no such variant; its variants are ${known.join(', ')}.`);
    }
    return new EndpointVariant(this, variantName);
  }

  /** Production and shadow variant names, for `findVariant`'s check (empty: unknown, anything goes). */
  protected knownVariantNames(): string[] {
    return this.variantNames;
  }
}
