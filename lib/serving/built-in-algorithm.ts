import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { XGBOOST_REGISTRY_ACCOUNTS } from './private/algorithm-registries';

/**
 * A SageMaker built-in algorithm image. Its registry account differs per region; the image URI is resolved for
 * the stack's region at deploy time through a CloudFormation mapping, so environment-agnostic stacks work and no
 * lookup is needed at synth.
 */
export class BuiltInAlgorithm {
  /** XGBoost 1.7-1, SageMaker's built-in gradient-boosted trees (`sagemaker-xgboost:1.7-1`). */
  public static readonly XGBOOST_1_7 = new BuiltInAlgorithm('sagemaker-xgboost', '1.7-1', XGBOOST_REGISTRY_ACCOUNTS);

  /** Another version of the built-in XGBoost image, e.g. '1.5-1'. */
  public static xgboost(version: string): BuiltInAlgorithm {
    return new BuiltInAlgorithm('sagemaker-xgboost', version, XGBOOST_REGISTRY_ACCOUNTS);
  }

  private constructor(
    /** ECR repository name of the algorithm. */
    public readonly repositoryName: string,
    /** Image tag. */
    public readonly tag: string,
    private readonly accountsByRegion: Record<string, string>,
  ) {}

  /** Regions this library knows the image registry of. */
  public get regions(): string[] {
    return Object.keys(this.accountsByRegion).sort();
  }

  /** The image URI for the stack's region; a concrete region outside the known ones is an error at synth. */
  public imageUri(scope: Construct): string {
    const stack = Stack.of(scope);
    const mappingId = `BuiltInAlgorithm${this.repositoryName.replace(/[^A-Za-z0-9]/g, '')}Registries`;
    const mapping = (stack.node.tryFindChild(mappingId) as CfnMapping | undefined) ?? new CfnMapping(stack, mappingId, {
      mapping: Object.fromEntries(Object.entries(this.accountsByRegion).map(([region, account]) => [region, { account }])),
      lazy: true,
    });
    if (!Token.isUnresolved(stack.region) && !(stack.region in this.accountsByRegion)) {
      throw new Error(`BuiltInAlgorithm: ${this.repositoryName} has no known registry in region '${stack.region}'; known regions: ${this.regions.join(', ')}. Use ContainerImage.fromEcrRepository() with your own copy of the image.`);
    }
    const account = mapping.findInMap(Aws.REGION, 'account');
    return `${account}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.repositoryName}:${this.tag}`;
  }
}
