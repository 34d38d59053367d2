import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BuiltInAlgorithm } from './built-in-algorithm';

/** What a container image resolves to when a model uses it. */
export interface ContainerImageConfig {
  /** The image URI SageMaker pulls. */
  readonly imageUri: string;
}

/** The inference container image of a model. */
export abstract class ContainerImage {
  /** An image in one of your ECR repositories; the model's role is granted pull on that repository only. */
  public static fromEcrRepository(repository: ecr.IRepository, tag: string = 'latest'): ContainerImage {
    return new EcrImage(repository, tag);
  }

  /** A SageMaker built-in algorithm image, resolved for the stack's region. */
  public static fromBuiltInAlgorithm(algorithm: BuiltInAlgorithm): ContainerImage {
    return new BuiltInAlgorithmImage(algorithm);
  }

  /** Called by `Model` to resolve the image and grant the model's role what it needs to pull it. */
  public abstract bind(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig;
}

class EcrImage extends ContainerImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tag: string) {
    super();
  }

  public bind(_scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    this.repository.grantPull(grantee);
    return { imageUri: this.repository.repositoryUriForTag(this.tag) };
  }
}

class BuiltInAlgorithmImage extends ContainerImage {
  constructor(private readonly algorithm: BuiltInAlgorithm) {
    super();
  }

  public bind(scope: Construct, _grantee: iam.IGrantable): ContainerImageConfig {
    // SageMaker's own registries need no grant from the model's role.
    return { imageUri: this.algorithm.imageUri(scope) };
  }
}
