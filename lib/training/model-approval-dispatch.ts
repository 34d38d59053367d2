import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { approvedModelParameterName } from '../../contracts/model-approval';
import { RETRAINING_APPROVAL_ENV as ENV } from '../../contracts/training';
import { acknowledgeWildcards } from '../private/nag';
import { requireProps } from '../private/validation/checks';
import { invalidProp, ownerOf } from '../private/validation/fail';
import { checkGitHubRepository } from '../private/validation/github';
import { checkSsmParameterName } from '../private/validation/names';
import { rolloutFunction } from '../rollout/private/rollout-function';
import { IModelRegistry } from './model-registry';

/** Properties of a ModelApprovalDispatch. */
export interface ModelApprovalDispatchProps {
  /** The registry whose approved versions are deployed. */
  readonly registry: IModelRegistry;
  /**
   * `owner/name` of the GitHub repository whose deploy workflow takes `repository_dispatch` events of type
   * `cdk-mlops-model-approved` (contracts/model-approval.ts).
   * @default - no dispatch: the approved version is only recorded in the SSM parameter for the next deploy
   */
  readonly githubRepository?: string;
  /**
   * Name of an SSM SecureString parameter (created outside CloudFormation, which cannot create SecureStrings) holding
   * a GitHub token allowed to create repository dispatches (fine-grained: Contents read and write on that repository).
   * @default - none; required with githubRepository
   */
  readonly githubTokenParameterName?: string;
}

/**
 * Approval → deploy. When a version of the registry becomes Approved (a person's UpdateModelPackage, or the
 * pipeline's automatic approval), SageMaker emits "SageMaker Model Package State Change"; this rule sends it to a
 * handler that records the version in an SSM parameter (`approvedVersionParameterName`), moves its life-cycle stage
 * to Production/Deploying, and sends a `repository_dispatch` to the GitHub deploy workflow with the version ARN.
 * The reference app's workflow puts that version into the idle champion slot (`cdk-mlops champion-slots <stack>
 * --approved <arn>`, then `cdk deploy -c championSlots=...`): a normal deploy through the guarded rollout, and the
 * template names that exact version.
 *
 * @example
 * new ModelApprovalDispatch(this, 'Deploy', {
 *   registry, githubRepository: 'acme/ml-platform', githubTokenParameterName: '/cdk-mlops/github-token',
 * });
 */
export class ModelApprovalDispatch extends Construct {
  /** The handler. */
  public readonly function: lambda.Function;
  /** The rule matching approvals of the registry's versions. */
  public readonly rule: events.Rule;
  /** The SSM parameter (String) holding the ARN of the latest approved version; pass it to every deploy. */
  public readonly approvedVersionParameterName: string;

  constructor(scope: Construct, id: string, props: ModelApprovalDispatchProps) {
    requireProps(ownerOf('ModelApprovalDispatch', `${scope.node.path}/${id}`), props, ['registry']);
    super(scope, id);
    const owner = ownerOf('ModelApprovalDispatch', this.node.path);
    const repo = props.githubRepository;
    checkGitHubRepository(owner, 'githubRepository', repo);
    checkSsmParameterName(owner, 'githubTokenParameterName', props.githubTokenParameterName);
    if ((repo === undefined) !== (props.githubTokenParameterName === undefined)) {
      const [given, missing] = repo === undefined ? ['githubTokenParameterName', 'githubRepository'] : ['githubRepository', 'githubTokenParameterName'];
      invalidProp(owner, missing, undefined, `It is needed with ${given} (the token authorises the dispatch to that repository): set both, or neither.`);
    }
    const stack = Stack.of(this);
    this.approvedVersionParameterName = approvedModelParameterName(props.registry.modelPackageGroupName);
    const env: Record<string, string> = {};
    if (repo && props.githubTokenParameterName) {
      env[ENV.GITHUB_REPOSITORY] = repo;
      env[ENV.GITHUB_TOKEN_PARAMETER] = props.githubTokenParameterName;
    }
    this.function = rolloutFunction(this, 'Function', {
      bundle: 'retraining-approval', handler: 'index.handler', timeout: Duration.seconds(30),
      description: 'cdk-mlops: records an approved model version and dispatches the GitHub deploy workflow',
      environment: env,
    });
    const param = (name: string) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [param(this.approvedVersionParameterName)] }));
    if (props.githubTokenParameterName) {
      this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [param(props.githubTokenParameterName)] }));
    }
    acknowledgeWildcards(this.function, 'The versions of one model package group are numbered by SageMaker at registration: model-package/<group>/*.',
      props.registry.grantRead(this.function), props.registry.grantApprove(this.function));
    this.rule = new events.Rule(this, 'Approved', {
      description: `Approved versions of model package group ${props.registry.modelPackageGroupName}`,
      eventPattern: {
        source: ['aws.sagemaker'],
        detailType: ['SageMaker Model Package State Change'],
        detail: { ModelPackageGroupName: [props.registry.modelPackageGroupName], ModelApprovalStatus: ['Approved'] },
      },
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 4 })],
    });
  }
}
