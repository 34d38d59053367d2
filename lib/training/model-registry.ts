import { ArnFormat, IResource, Names, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { checkString } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';

/** A model registry: a SageMaker Model Package Group whose versions are immutable model packages. */
export interface IModelRegistry extends IResource {
  /** Name of the model package group. @attribute */
  readonly modelPackageGroupName: string;
  /** ARN of the model package group. @attribute */
  readonly modelPackageGroupArn: string;
  /** Lets a principal read the group and its versions (list, describe). */
  grantRead(grantee: iam.IGrantable): iam.Grant;
  /** Lets a principal register new versions. */
  grantRegister(grantee: iam.IGrantable): iam.Grant;
  /** Lets a principal change the approval status and life-cycle stage of versions (the approvers). */
  grantApprove(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of a ModelRegistry. */
export interface ModelRegistryProps {
  /**
   * Name of the model package group: 1-63 letters, digits and hyphens, starting and ending with a letter or digit
   * (SageMaker's EntityName).
   * @default - generated from the construct path (unique in the app)
   */
  readonly modelPackageGroupName?: string;
  /**
   * Description of the group: at most 1,024 letters, digits, spaces, symbols and punctuation (no line breaks or tabs;
   * SageMaker's EntityDescription).
   * @default - none
   */
  readonly description?: string;
  /**
   * What happens to the group (and the record of its versions) when it leaves the stack.
   * @default RemovalPolicy.RETAIN - versions are lineage records, kept like data
   */
  readonly removalPolicy?: RemovalPolicy;
}


/**
 * ARN patterns of a group's versions: `model-package/<group>/*`, and its lower-case form. SageMaker writes the group
 * name of model-package ARNs in lower case (its own example: group "AbaloneModelPackageGroupName", version
 * ".../model-package/abalonemodelpackagegroupname/1"), and IAM compares ARNs case-sensitively, so a pattern with the
 * group's capitals misses the ARNs SageMaker returns (events, ListModelPackages) and only the as-written form matches
 * an ARN a person typed. A group name that is a token is granted as it resolves.
 */
function versionsArns(scope: Construct, group: string): string[] {
  const arn = (name: string) => Stack.of(scope).formatArn({ service: 'sagemaker', resource: 'model-package', resourceName: `${name}/*` });
  return Token.isUnresolved(group) || group === group.toLowerCase() ? [arn(group)] : [arn(group), arn(group.toLowerCase())];
}

/** The grants of a registry, shared by ModelRegistry and its imports (jsii needs exported base classes, so none is used). */
function grant(registry: IModelRegistry, grantee: iam.IGrantable, actions: string[], withGroup: boolean): iam.Grant {
  const versions = versionsArns(registry, registry.modelPackageGroupName);
  return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: withGroup ? [registry.modelPackageGroupArn, ...versions] : versions });
}

const READ = ['sagemaker:DescribeModelPackageGroup', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage'];
const REGISTER = ['sagemaker:CreateModelPackage', 'sagemaker:AddTags'];
const APPROVE = ['sagemaker:UpdateModelPackage'];

/**
 * A model registry: a SageMaker Model Package Group. Every version is an immutable model package carrying its
 * lineage (RetrainingPipeline registers the training-data snapshot, code version, image, hyperparameters and holdout
 * metrics as its metadata, with an evaluation report in S3), an approval status (Approved, PendingManualApproval,
 * Rejected) and a life-cycle stage (Development → Production). Approval is the only door into serving: see
 * `ModelApprovalDispatch` and `RegisteredModel`.
 *
 * @example
 * const registry = new ModelRegistry(this, 'Registry', { modelPackageGroupName: 'iris' });
 * registry.grantApprove(approversRole);
 */
export class ModelRegistry extends Resource implements IModelRegistry {
  /** Imports a registry by its group name (in this stack's account and region). */
  public static fromModelPackageGroupName(scope: Construct, id: string, modelPackageGroupName: string): IModelRegistry {
    class Import extends Resource implements IModelRegistry {
      public readonly modelPackageGroupName = modelPackageGroupName;
      public readonly modelPackageGroupArn = Stack.of(scope).formatArn({
        service: 'sagemaker', resource: 'model-package-group', resourceName: modelPackageGroupName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      public grantRead(grantee: iam.IGrantable): iam.Grant { return grant(this, grantee, READ, true); }
      public grantRegister(grantee: iam.IGrantable): iam.Grant { return grant(this, grantee, REGISTER, true); }
      public grantApprove(grantee: iam.IGrantable): iam.Grant { return grant(this, grantee, APPROVE, false); }
    }
    return new Import(scope, id);
  }

  public readonly modelPackageGroupName: string;
  public readonly modelPackageGroupArn: string;

  constructor(scope: Construct, id: string, props: ModelRegistryProps = {}) {
    super(scope, id);
    const owner = ownerOf('ModelRegistry', this.node.path);
    // Generated from this construct's own path (not its scope's), so two registries of one scope get two names.
    const name = props.modelPackageGroupName ?? Names.uniqueResourceName(this, { maxLength: 63, separator: '-' })
      .replace(/[^a-zA-Z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
    checkString(owner, 'modelPackageGroupName', name, 'sagemaker.EntityName',
      'Use 1-63 letters, digits and hyphens, starting and ending with a letter or digit (botocore sagemaker EntityName).');
    checkString(owner, 'description', props.description, 'sagemaker.EntityDescription',
      'Use at most 1024 letters, digits, spaces, symbols and punctuation: no line breaks or tabs (botocore sagemaker EntityDescription).');
    const resource = new sagemaker.CfnModelPackageGroup(this, 'Resource', {
      modelPackageGroupName: name,
      modelPackageGroupDescription: props.description,
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    this.modelPackageGroupName = name;
    this.modelPackageGroupArn = resource.attrModelPackageGroupArn;
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grant(this, grantee, READ, true);
  }

  public grantRegister(grantee: iam.IGrantable): iam.Grant {
    return grant(this, grantee, REGISTER, true);
  }

  public grantApprove(grantee: iam.IGrantable): iam.Grant {
    return grant(this, grantee, APPROVE, false);
  }
}
