/**
 * shadowFirst as a shadow by replay: the candidate slot is a production variant at weight 0, and the controller
 * replays the stable slot's captured requests to it. So the endpoint must capture inputs, and the controller gets
 * read access to exactly that endpoint's captures and InvokeEndpoint on it; no endpoint-config permissions.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as core from '../../lambda/core/rollout';
import { acknowledge } from '../../lib/private/nag';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { CaptureMode, DataCaptureOptions } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

// 5 minutes of shadow: with its max hold and the canary's, the worst case stays within what a deploy may wait for.
const shadowCanary = DeploymentStrategy.shadowFirst({ duration: Duration.minutes(5), then: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });

function captureBucket(f: ReturnType<typeof rolloutFixture>) {
  const key = new kms.Key(f.stack, 'CaptureKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(f.stack, 'Capture', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
  acknowledge(bucket, 'AwsSolutions-S1', 'Test fixture: capture bucket; access logging is the data lake\'s concern.');
  return { key, bucket };
}

describe('shadowFirst (shadow by replay)', () => {
  const f = rolloutFixture();
  const { key, bucket } = captureBucket(f);
  const endpoint = blueGreenEndpoint(f, { endpointName: 'iris-shadow', dataCapture: { bucket, prefix: 'captures/live' } });
  const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: shadowCanary });
  const t = synth(f.stack);
  const policyOf = (fnId: RegExp) => Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => fnId.test(r.Ref)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);

  test('the controller may list and read this endpoint\'s captures, decrypt them, and invoke the endpoint', () => {
    const statements = policyOf(/ControllerServiceRole/);
    const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Capture'), 'Arn'] };
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['captures/live/iris-shadow/*'] } } }),
      expect.objectContaining({ Action: 's3:GetObject' }),
      expect.objectContaining({ Action: 'kms:Decrypt' }),
      expect.objectContaining({ Action: 'sagemaker:InvokeEndpoint' }),
    ]));
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 's3:ListBucket', Resource: bucketArn }),
        Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [bucketArn, '/captures/live/iris-shadow/*']] } }),
        Match.objectLike({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CaptureKey'), 'Arn'] } }),
      ]) },
    });
    // No endpoint configuration changes: the slots stay two production variants.
    expect(JSON.stringify(statements)).not.toContain('sagemaker:UpdateEndpoint"');
    expect(JSON.stringify(statements)).not.toContain('CreateEndpointConfig');
    expect(key).toBeDefined();
  });

  test('the trigger and the execution input carry the capture location', () => {
    const props = f.stack.resolve((rollout.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    const keys: Array<keyof core.RolloutTriggerProperties> = ['CaptureBucket', 'CapturePrefix'];
    for (const k of keys) expect(props).toHaveProperty(k);
    expect(props.CaptureBucket).toEqual({ Ref: expect.stringMatching(/^Capture/) });
    expect(props.CapturePrefix).toBe('captures/live');
    expect(core.planFromJson(props.Plan).shadow).toEqual({ durationSeconds: 300,
      gates: { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 } });
    const input = JSON.stringify(f.stack.resolve(rollout.executionInputFor('green')));
    expect(input).toContain('\\"capture\\":{\\"bucket\\":\\"');
    expect(input).toContain('\\"prefix\\":\\"captures/live\\"');
  });

  test('cdk-nag finds nothing', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });
});

describe('shadowFirst validation', () => {
  const make = (dataCapture?: Partial<DataCaptureOptions>, strategy = shadowCanary) => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, dataCapture ? { dataCapture: { bucket: f.bucket, ...dataCapture } } : {});
    return () => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy });
  };

  test('without data capture it throws, naming the prop, the strategy and the fix', () => {
    expect(make()).toThrow(/VariantRollout: strategy 'shadow-300s-then-canary-10%-300s' starts with a shadow run, which replays real requests from the endpoint's Data Capture to the candidate, but Test\/Endpoint has no dataCapture\. Give the ModelEndpoint `dataCapture: \{ bucket, captureMode: CaptureMode.INPUT_AND_OUTPUT \}`/);
  });

  test('capturing outputs only, or sampling 0%, throws', () => {
    expect(make({ captureMode: CaptureMode.OUTPUT })).toThrow(/captures Output only\. Set its captureMode to CaptureMode.INPUT_AND_OUTPUT/);
    expect(make({ samplingPercentage: 0 })).toThrow(/has samplingPercentage 0, so nothing is captured/);
  });

  test('input capture is enough; strategies without a shadow run need no capture', () => {
    expect(make({ captureMode: CaptureMode.INPUT })).not.toThrow();
    expect(make(undefined, DeploymentStrategy.CANARY_10PERCENT_5MINUTES)).not.toThrow();
  });

  test('a SageMaker shadow variant cannot be a slot: replay invokes the candidate as a production variant', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { dataCapture: { bucket: f.bucket }, shadowVariant: { variantName: 'green', model: f.models.green } },
      [{ variantName: 'blue', model: f.models.blue }]);
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: shadowCanary }))
      .toThrow(/'green' is the shadow variant, .* Add it to the endpoint's `variants` \(with initialWeight 0\); shadowFirst runs the candidate as a shadow by replaying/);
  });

  test('a third production variant at weight 0 is allowed with shadowFirst (no SageMaker shadow variant is involved)', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f, { dataCapture: { bucket: f.bucket } }, [
      { variantName: 'blue', model: f.models.blue }, { variantName: 'green', model: f.models.green, initialWeight: 0 },
      { variantName: 'red', model: f.models.shadow, initialWeight: 0 },
    ]);
    expect(() => new VariantRollout(f.stack, 'Rollout', { endpoint, variants: ['blue', 'green'], strategy: shadowCanary })).not.toThrow();
  });
});
