import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { acknowledgeKnownWildcards } from '../private/nag';
import type { DataCaptureLocation } from './endpoint-props';
import { InferenceComponent } from './inference-component';
import { IInferenceComponentEndpoint, InferenceComponentEndpointBase } from './inference-component-endpoint-base';
import { InferenceComponentEndpointAttributes, InferenceComponentEndpointProps, ManagedInstanceScaling } from './inference-component-endpoint-props';
import { InferenceComponentOptions } from './inference-component-props';
import { InstanceType } from './instance-type';
import { sagemakerExecutionRole } from './private/execution-role';
import { captureLocation, renderDataCapture } from './private/render-capture';
import { resolveStorageKey } from './private/storage-key';
import { requireNested, requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { validateInferenceComponentEndpoint } from './private/validate-ic-endpoint';

const DEFAULT_VARIANT = 'AllTraffic';

/**
 * A SageMaker real-time endpoint that hosts inference components: several models on the same instances, each with
 * its own copies, scaling, rolling updates and alarms, each invoked by name. The endpoint configuration has one
 * production variant without a model, an execution role and, optionally, managed instance scaling (down to zero
 * instances), a routing strategy, Data Capture and a storage key.
 *
 * @example
 * declare const chat: IModel;
 * declare const ranker: IModel;
 * const endpoint = new InferenceComponentEndpoint(this, 'Shared', {
 *   instanceType: InstanceType.ML_G5_XLARGE,
 *   managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 },
 * });
 * endpoint.addInferenceComponent('Chat', { model: chat, computeResources: { minMemory: Size.gibibytes(8), acceleratorDevices: 1 } });
 * endpoint.addInferenceComponent('Ranker', { model: ranker, computeResources: { minMemory: Size.gibibytes(2), cpuCores: 1 } });
 */
export class InferenceComponentEndpoint extends InferenceComponentEndpointBase {
  /** Imports an existing endpoint that hosts inference components. */
  public static fromInferenceComponentEndpointAttributes(scope: Construct, id: string, attrs: InferenceComponentEndpointAttributes):
  IInferenceComponentEndpoint {
    requireProps(`InferenceComponentEndpoint.fromInferenceComponentEndpointAttributes '${scope.node.path}/${id}'`, attrs, ['endpointName']);
    class Import extends InferenceComponentEndpointBase {
      public readonly endpointName = attrs.endpointName;
      public readonly endpointArn = Stack.of(scope).formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: attrs.endpointName });
      public readonly variantName = attrs.variantName ?? DEFAULT_VARIANT;
      public readonly variantNames = [this.variantName];
    }
    return new Import(scope, id);
  }

  /** The endpoint's name. */
  public readonly endpointName: string;
  /** The endpoint's ARN. */
  public readonly endpointArn: string;
  /** The production variant that hosts the components. */
  public readonly variantName: string;
  /** The one production variant's name, as a list (`IModelEndpoint`). */
  public readonly variantNames: string[];
  /** The instance type the components share. */
  public readonly instanceType: InstanceType;
  /** The endpoint configuration. */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The role SageMaker assumes for the endpoint. */
  public readonly role: iam.IRole;
  /** Key of the instances' storage volumes, when SageMaker accepts one. */
  public readonly encryptionKey?: kms.IKey;
  /** Managed instance scaling, when it is on. */
  public readonly managedInstanceScaling?: ManagedInstanceScaling;
  /** Where Data Capture writes, when it is on: `<prefix>/<endpoint>/<component>/...` (see docs/inference-components.md). */
  public readonly dataCaptureLocation?: DataCaptureLocation;

  constructor(scope: Construct, id: string, props: InferenceComponentEndpointProps = {}) {
    super(scope, id, { physicalName: props.endpointName });
    const owner = ownerOf('InferenceComponentEndpoint', this.node.path);
    requireNested(owner, 'dataCapture', props.dataCapture, ['bucket']);
    requireNested(owner, 'managedInstanceScaling', props.managedInstanceScaling, ['minInstanceCount', 'maxInstanceCount']);
    validateInferenceComponentEndpoint(owner, props);
    this.variantName = props.variantName ?? DEFAULT_VARIANT;
    this.variantNames = [this.variantName];
    this.instanceType = props.instanceType ?? InstanceType.ML_M5_LARGE;
    this.encryptionKey = resolveStorageKey(this, owner, props.encryptionKey, [{ variantName: this.variantName, instanceType: this.instanceType }]);
    this.role = props.role ?? sagemakerExecutionRole(this, 'Role',
      'Execution role of a cdk-mlops inference-component endpoint: write its logs, metrics and captures.');
    const m = props.managedInstanceScaling;
    this.managedInstanceScaling = m;

    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'Config', {
      executionRoleArn: this.role.roleArn,
      productionVariants: [{
        variantName: this.variantName,
        instanceType: this.instanceType.toString(),
        initialInstanceCount: props.initialInstanceCount ?? 1,
        managedInstanceScaling: m ? { status: 'ENABLED', minInstanceCount: m.minInstanceCount, maxInstanceCount: m.maxInstanceCount } : undefined,
        routingConfig: props.routingStrategy ? { routingStrategy: props.routingStrategy.name } : undefined,
      }],
      kmsKeyId: this.encryptionKey?.keyArn,
      // The components' model roles get the same grant as they are added (see InferenceComponent).
      dataCaptureConfig: props.dataCapture ? renderDataCapture(this, props.dataCapture, [{ what: 'The endpoint', role: this.role }]) : undefined,
    });
    // SageMaker checks the role when the configuration is created: its policy must exist first.
    this.endpointConfig.node.addDependency(this.role);
    if (props.dataCapture) this.dataCaptureLocation = captureLocation(props.dataCapture);

    const resource = new sagemaker.CfnEndpoint(this, 'Resource', {
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
      endpointName: this.physicalName,
    });
    this.endpointName = this.getResourceNameAttribute(resource.attrEndpointName);
    this.endpointArn = this.getResourceArnAttribute(resource.ref, {
      service: 'sagemaker', resource: 'endpoint', resourceName: this.physicalName,
    });
    acknowledgeKnownWildcards(this);
  }

  /**
   * Adds an inference component to this endpoint (a child construct).
   * @param id the component's construct id
   * @param options the component's model, resources, copies, update and alarms
   */
  public addInferenceComponent(id: string, options: InferenceComponentOptions): InferenceComponent {
    return new InferenceComponent(this, id, { ...options, endpoint: this });
  }
}
