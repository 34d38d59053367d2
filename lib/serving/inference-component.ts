import { Names, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { InferenceComponentAlarms } from '../monitoring/inference-component-alarms';
import { requireNested, requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { IInferenceComponent, InferenceComponentBase } from './inference-component-base';
import { IInferenceComponentEndpoint } from './inference-component-endpoint-base';
import { InferenceComponentAttributes, InferenceComponentProps } from './inference-component-props';
import { ComponentRollingUpdate } from './component-rolling-update';
import { IModel } from './model';
import { addCopyScaling, noteInstancesKept } from './private/copy-scaling';
import { endpointMinInstances, grantComponentCaptureWrites, renderRollingUpdate, renderSpecification } from './private/render-component';
import { initialCopies, validateInferenceComponent } from './private/validate-inference-component';
import { limit } from '../private/validation/limits';

const NAME_MAX = limit('sagemaker.InferenceComponentName').max as number;

/**
 * One model hosted on an `InferenceComponentEndpoint` with its own copies (`AWS::SageMaker::InferenceComponent`):
 * what each copy reserves, how many copies run, how a deploy that changes the model replaces them (SageMaker's
 * rolling update, rolled back by the component's own alarms), and its default alarms. Callers invoke it by name.
 *
 * @example
 * declare const endpoint: InferenceComponentEndpoint;
 * declare const model: IModel;
 * declare const caller: iam.IGrantable;
 * const ranker = new InferenceComponent(this, 'Ranker', {
 *   endpoint,
 *   model,
 *   computeResources: { minMemory: Size.gibibytes(2), cpuCores: 1 },
 *   copyCount: 4,
 *   rollingUpdate: { maximumBatchSize: CapacitySize.copyCount(1), waitInterval: Duration.minutes(5) },
 * });
 * ranker.grantInvoke(caller);
 */
export class InferenceComponent extends InferenceComponentBase {
  /** Imports an existing inference component by name. */
  public static fromInferenceComponentAttributes(scope: Construct, id: string, attrs: InferenceComponentAttributes): IInferenceComponent {
    requireProps(`InferenceComponent.fromInferenceComponentAttributes '${scope.node.path}/${id}'`, attrs, ['inferenceComponentName', 'endpoint']);
    class Import extends InferenceComponentBase {
      public readonly inferenceComponentName = attrs.inferenceComponentName;
      public readonly inferenceComponentArn = Stack.of(scope).formatArn({
        service: 'sagemaker', resource: 'inference-component', resourceName: attrs.inferenceComponentName,
      });
      public readonly endpoint = attrs.endpoint;
    }
    return new Import(scope, id);
  }

  /** The component's name. */
  public readonly inferenceComponentName: string;
  /** The component's ARN. */
  public readonly inferenceComponentArn: string;
  /** The endpoint that hosts the component. */
  public readonly endpoint: IInferenceComponentEndpoint;
  /** The model each copy runs. */
  public readonly model: IModel;
  /** The default alarms, when there are any (also the rolling update's rollback alarms unless it names its own). */
  public readonly defaultAlarms?: InferenceComponentAlarms;
  /** Every default alarm. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** The Application Auto Scaling target of the copies, with `copyAutoScaling`. */
  public readonly scalableTarget?: appscaling.ScalableTarget;
  /** The alarm that adds copies when requests find none, with `copyAutoScaling.minCopyCount` 0. */
  public readonly scaleFromZeroAlarm?: cloudwatch.IAlarm;
  /** The CloudFormation resource. */
  public readonly resource: sagemaker.CfnInferenceComponent;
  /** The copies the component is created with (`copyCount`, or the autoscaling minimum, at least 1). */
  public readonly copyCount: number;
  /** How a deploy that changes the model replaces the copies, when set (a `ComponentRollout` guards it). */
  public readonly rollingUpdate?: ComponentRollingUpdate;

  constructor(scope: Construct, id: string, props: InferenceComponentProps) {
    const given = ownerOf('InferenceComponent', `${scope.node.path}/${id}`);
    requireProps(given, props, ['endpoint', 'model', 'computeResources']);
    requireNested(given, 'computeResources', props.computeResources, ['minMemory']);
    requireNested(given, 'copyAutoScaling', props.copyAutoScaling, ['minCopyCount', 'maxCopyCount', 'targetInvocationsPerCopy']);
    requireNested(given, 'rollingUpdate', props.rollingUpdate, ['maximumBatchSize', 'waitInterval']);
    super(scope, id, { physicalName: props.inferenceComponentName });
    validateInferenceComponent(this, ownerOf('InferenceComponent', this.node.path), props);
    this.endpoint = props.endpoint;
    this.model = props.model;
    this.copyCount = initialCopies(props);
    this.rollingUpdate = props.rollingUpdate;
    grantComponentCaptureWrites(this, props.endpoint, props.model);

    // A name known at synth: alarms, scaling and monitors use it without depending on the component, whose rolling
    // update lists the alarms (CloudFormation returns no name attribute, only the ARN).
    this.inferenceComponentName = props.inferenceComponentName ?? Names.uniqueResourceName(this, { maxLength: NAME_MAX, separator: '-' });
    this.resource = new sagemaker.CfnInferenceComponent(this, 'Resource', {
      endpointName: props.endpoint.endpointName,
      variantName: props.endpoint.variantName,
      inferenceComponentName: this.inferenceComponentName,
      specification: renderSpecification(props),
      runtimeConfig: { copyCount: initialCopies(props) },
    });
    this.inferenceComponentArn = this.getResourceArnAttribute(this.resource.attrInferenceComponentArn, {
      service: 'sagemaker', resource: 'inference-component', resourceName: this.inferenceComponentName,
    });

    if (props.copyAutoScaling) {
      const scaling = addCopyScaling(this, this, this.resource, props.copyAutoScaling);
      this.scalableTarget = scaling.target;
      this.scaleFromZeroAlarm = scaling.scaleFromZeroAlarm;
      noteInstancesKept(this, props.copyAutoScaling, endpointMinInstances(props.endpoint));
    }
    if (props.defaultAlarms ?? true) {
      this.defaultAlarms = new InferenceComponentAlarms(this, 'Alarms', {
        component: this, topic: props.alarmTopic ?? AlarmTopic.ofStack(this).topic, ...props.alarmOptions,
      });
      this.alarms.push(...this.defaultAlarms.alarms);
    }
    if (props.rollingUpdate) {
      this.resource.deploymentConfig = renderRollingUpdate(props.rollingUpdate, props.rollingUpdate.autoRollbackAlarms ?? this.alarms);
    }
  }
}
