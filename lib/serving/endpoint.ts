import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from '../monitoring/alarm-topic';
import { VariantAlarms } from '../monitoring/variant-alarms';
import { EndpointBase, IModelEndpoint } from './endpoint-base';
import { DataCaptureLocation, ModelEndpointAttributes, ModelEndpointProps } from './endpoint-props';
import { validateDataCapture, validateEndpointName, validateVariants } from './private/endpoint-validation';
import { EndpointMetrics } from './private/endpoint-metrics';
import { renderVariant } from './private/render-variant';
import { captureLocation, renderDataCapture } from './private/render-capture';
import { resolveStorageKey } from './private/storage-key';
import { ProductionVariantProps } from './variant';
import { validateCaptureLimits } from './private/validate-capture';
import { shadowWeight, validateEndpointLimits } from './private/validate-endpoint';
import { requireNested, requireProps } from '../private/validation/checks';
import { ownerOf } from '../private/validation/fail';
import { validateAlarmOptions } from '../monitoring/private/validate-alarms';

/**
 * A SageMaker real-time endpoint with 1–10 production variants (A/B by weight, each directly invocable with the
 * `TargetVariant` parameter of InvokeEndpoint), an optional shadow variant, data capture, encryption,
 * autoscaling per variant and default alarms per variant.
 *
 * @example
 * declare const champion: IModel;
 * declare const challenger: IModel;
 * const endpoint = new ModelEndpoint(this, 'Endpoint', {
 *   variants: [
 *     { variantName: 'champion', model: champion, initialWeight: 90 },
 *     { variantName: 'challenger', model: challenger, initialWeight: 10 },
 *   ],
 * });
 * endpoint.findVariant('challenger').metricModelLatency({ statistic: 'p99' });
 */
export class ModelEndpoint extends EndpointBase {
  /** Imports an existing endpoint by name (and, optionally, its variant names). */
  public static fromEndpointAttributes(scope: Construct, id: string, attrs: ModelEndpointAttributes): IModelEndpoint {
    requireProps(`ModelEndpoint.fromEndpointAttributes '${scope.node.path}/${id}'`, attrs, ['endpointName']);
    class Import extends EndpointBase {
      public readonly endpointName = attrs.endpointName;
      public readonly endpointArn = Stack.of(scope).formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: attrs.endpointName });
      public readonly variantNames = attrs.variantNames ?? [];
    }
    return new Import(scope, id);
  }

  /** The endpoint's name. */
  public readonly endpointName: string;
  /** The endpoint's ARN. */
  public readonly endpointArn: string;
  /** Names of the production variants. */
  public readonly variantNames: string[];
  /** The shadow variant's name, when there is one. */
  public readonly shadowVariantName?: string;
  /** The endpoint configuration (replaced, under a new generated name, whenever it changes). */
  public readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** Key of the instances' storage volumes, when SageMaker accepts one. */
  public readonly encryptionKey?: kms.IKey;
  /** Topic the default alarms notify, when there are default alarms. */
  public readonly alarmTopic?: sns.ITopic;
  /** Every default alarm of every production variant. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** Where Data Capture writes, when it is on (e.g. for rollouts that replay captured requests). */
  public readonly dataCaptureLocation?: DataCaptureLocation;
  private readonly alarmsByVariant = new Map<string, VariantAlarms>();
  private readonly scalableTargets = new Map<string, appscaling.ScalableTarget>();
  private readonly metrics: EndpointMetrics;

  constructor(scope: Construct, id: string, props: ModelEndpointProps) {
    const owner = ownerOf('ModelEndpoint', `${scope.node.path}/${id}`);
    requireProps(owner, props, ['variants']);
    props.variants.forEach((v, i) => {
      requireNested(owner, `variants[${i}]`, v, ['variantName', 'model']);
      requireNested(owner, `variants[${i}].autoScaling`, v.autoScaling, ['minCapacity', 'maxCapacity', 'targetInvocationsPerInstance']);
      requireNested(owner, `variants[${i}].serverless`, v.serverless, ['memorySize', 'maxConcurrency']);
    });
    requireNested(owner, 'shadowVariant', props.shadowVariant, ['variantName', 'model']);
    requireNested(owner, 'shadowVariant.serverless', props.shadowVariant?.serverless, ['memorySize', 'maxConcurrency']);
    requireNested(owner, 'dataCapture', props.dataCapture, ['bucket']);
    super(scope, id, { physicalName: props.endpointName });
    validateEndpointName(props.endpointName);
    validateVariants(props.variants, props.shadowVariant);
    validateDataCapture(props.dataCapture);
    validateEndpointLimits(props);
    validateCaptureLimits('ModelEndpoint', props.dataCapture);
    // Checked here to name this endpoint and its prop; each variant's VariantAlarms then gets valid options.
    if (props.alarmOptions) validateAlarmOptions(owner, 'alarmOptions.', VariantAlarms._withDefaults(props.alarmOptions));
    this.metrics = new EndpointMetrics(this, props.metricsConfig);

    const variantSpecs = [...props.variants, ...(props.shadowVariant ? [props.shadowVariant] : [])];
    this.encryptionKey = resolveStorageKey(this, 'ModelEndpoint', props.encryptionKey, variantSpecs);
    this.variantNames = props.variants.map((v) => v.variantName);
    this.shadowVariantName = props.shadowVariant?.variantName;

    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'Config', {
      productionVariants: props.variants.map((v) => renderVariant(v, v.initialWeight ?? 1)),
      shadowProductionVariants: props.shadowVariant
        // The shadow's share of copied requests is its weight relative to the production variant's.
        ? [renderVariant(props.shadowVariant, shadowWeight(props.variants[0].initialWeight ?? 1, props.shadowVariant.samplingPercentage))]
        : undefined,
      kmsKeyId: this.encryptionKey?.keyArn,
      dataCaptureConfig: props.dataCapture
        ? renderDataCapture(this, props.dataCapture, variantSpecs.map((v) => ({ what: `Variant '${v.variantName}'`, role: v.model.role })))
        : undefined,
      // Lazy: a VariantRollout, constructed after the endpoint, asks for 10-second metrics.
      metricsConfig: Lazy.any({ produce: () => this.metrics.render() }),
    });

    if (props.dataCapture) this.dataCaptureLocation = captureLocation(props.dataCapture);

    const excluded = props.updatedVariantProperties ?? [];
    const resource = new sagemaker.CfnEndpoint(this, 'Resource', {
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
      endpointName: this.physicalName,
      retainAllVariantProperties: true,
      excludeRetainedVariantProperties: excluded.length > 0 ? excluded.map((p) => ({ variantPropertyType: p.name })) : undefined,
      // A configuration in the template must win over the last one used, or changes to it would be ignored.
      deploymentConfig: props.deploymentConfig?._render(props.variants),
      retainDeploymentConfig: props.deploymentConfig ? false : true,
    });
    this.endpointName = this.getResourceNameAttribute(resource.attrEndpointName);
    this.endpointArn = this.getResourceArnAttribute(resource.ref, {
      service: 'sagemaker', resource: 'endpoint', resourceName: this.physicalName,
    });

    props.variants.forEach((v) => {
      if (v.autoScaling) this.addAutoScaling(v);
    });

    if (props.defaultAlarms ?? true) {
      this.alarmTopic = props.alarmTopic ?? AlarmTopic.ofStack(this).topic;
      for (const v of props.variants) {
        const alarms = new VariantAlarms(this, `Alarms-${v.variantName}`, {
          endpoint: this,
          variantName: v.variantName,
          topic: this.alarmTopic,
          ...props.alarmOptions,
        });
        this.alarmsByVariant.set(v.variantName, alarms);
        this.alarms.push(...alarms.alarms);
      }
    } else if (props.alarmTopic || props.alarmOptions) {
      throw new Error('ModelEndpoint: alarmTopic/alarmOptions are set while defaultAlarms is false; remove them or set defaultAlarms to true.');
    }
  }

  /**
   * The default alarms of a production variant.
   * @param variantName a production variant of this endpoint
   */
  public variantAlarms(variantName: string): VariantAlarms {
    const alarms = this.alarmsByVariant.get(variantName);
    if (!alarms) {
      throw new Error(`ModelEndpoint ${this.node.path}: no default alarms for variant '${variantName}'; variants with alarms: ${[...this.alarmsByVariant.keys()].join(', ') || 'none (defaultAlarms is false)'}.`);
    }
    return alarms;
  }

  /**
   * The autoscaling target of a variant, when it has autoscaling.
   * @param variantName a production variant of this endpoint
   */
  public scalableTarget(variantName: string): appscaling.ScalableTarget | undefined {
    return this.scalableTargets.get(variantName);
  }

  /**
   * A VariantRollout guards this endpoint: publish invocation metrics every 10 s (with enhanced metrics), unless
   * `metricsConfig` decided otherwise. Called by VariantRollout.
   * @internal
   */
  public _requestRolloutMetrics(rollout: Construct): void {
    this.metrics.requestForRollout(rollout);
  }

  /**
   * Seconds between the invocation metrics' datapoints (10–300), or undefined when `metricsConfig` holds tokens.
   * @internal
   */
  public _invocationMetricsSeconds(): number | undefined {
    return this.metrics.invocationIntervalSeconds();
  }

  protected knownVariantNames(): string[] {
    return [...this.variantNames, ...(this.shadowVariantName ? [this.shadowVariantName] : [])];
  }

  private addAutoScaling(v: ProductionVariantProps): void {
    const a = v.autoScaling!;
    const target = new appscaling.ScalableTarget(this, `Scaling-${v.variantName}`, {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${this.endpointName}/variant/${v.variantName}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: a.minCapacity,
      maxCapacity: a.maxCapacity,
    });
    target.scaleToTrackMetric('InvocationsPerInstance', {
      predefinedMetric: appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,
      targetValue: a.targetInvocationsPerInstance,
      scaleInCooldown: a.scaleInCooldown ?? Duration.minutes(5),
      scaleOutCooldown: a.scaleOutCooldown ?? Duration.minutes(1),
    });
    this.scalableTargets.set(v.variantName, target);
  }
}
