import { ArnFormat, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { IModel } from '../serving/model';
import { acknowledgeKnownWildcards } from '../private/nag';
import { checkModelPackageVersion } from '../private/validation/arns';
import { requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { IModelRegistry } from './model-registry';

/** Properties of a RegisteredModel. */
export interface RegisteredModelProps {
  /**
   * ARN of the exact, approved version to serve (`arn:aws:sagemaker:<region>:<account>:model-package/<group>/<n>`),
   * a version of `registry`'s group in this stack's region.
   * The reference app takes it from CDK context (`-c championSlots=...`, one version per champion slot), so the
   * template names the version.
   */
  readonly modelPackageArn: string;
  /** The registry the version belongs to (its role is granted read of the version). */
  readonly registry: IModelRegistry;
  /** Bucket holding the version's artifact (RetrainingPipeline writes artifacts to its `artifactBucket`). */
  readonly artifactBucket: s3.IBucket;
  /**
   * Cut the container off from the network.
   * @default true
   */
  readonly networkIsolation?: boolean;
}

/**
 * A SageMaker model made from one version of a model registry (a model package): the image and artifact come from
 * the registered version, so what serves is exactly what was evaluated and approved. Usable wherever an `IModel`
 * is (endpoint variants, BatchInference).
 *
 * @example
 * const model = new RegisteredModel(this, 'Approved', {
 *   modelPackageArn: this.node.tryGetContext('modelPackageArn'), registry, artifactBucket,
 * });
 */
export class RegisteredModel extends Resource implements IModel {
  public readonly modelName: string;
  public readonly modelArn: string;
  /** The execution role of the model (always set; optional in the type because `IModel.role` is). */
  public readonly role?: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;
  /** The version served. */
  public readonly modelPackageArn: string;

  constructor(scope: Construct, id: string, props: RegisteredModelProps) {
    requireProps(ownerOf('RegisteredModel', `${scope.node.path}/${id}`), props, ['modelPackageArn', 'registry', 'artifactBucket']);
    super(scope, id);
    // SageMaker's CreateModel finds the package in its own region; the role reads only the registry's own group.
    checkModelPackageVersion(ownerOf('RegisteredModel', this.node.path), 'modelPackageArn', props.modelPackageArn, this,
      props.registry.modelPackageGroupName);
    this.modelPackageArn = props.modelPackageArn;
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Execution role of a cdk-mlops registered model: read its version and artifact, write its logs.',
    });
    this.role = role;
    this.grantPrincipal = role;
    props.registry.grantRead(role);
    props.artifactBucket.grantRead(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/sagemaker/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    const resource = new sagemaker.CfnModel(this, 'Resource', {
      executionRoleArn: role.roleArn,
      primaryContainer: { modelPackageName: props.modelPackageArn },
      enableNetworkIsolation: props.networkIsolation ?? true,
    });
    resource.node.addDependency(role);
    acknowledgeKnownWildcards(this);
    this.modelName = resource.attrModelName;
    this.modelArn = Stack.of(this).formatArn({ service: 'sagemaker', resource: 'model', resourceName: resource.attrModelName });
  }
}
