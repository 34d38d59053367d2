/**
 * The bake probe in the library: on by default in every DeploymentStrategy, configurable and turned off with
 * `probe: { enabled: false }`, validated at synth; a rollout on an endpoint with dataCapture gives the controller the
 * capture location and exactly the access a shadow run gets (read that endpoint's captures, invoke the endpoint).
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as core from '../../lambda/core/rollout';
import { acknowledge } from '../../lib/private/nag';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

const planOf = (s: DeploymentStrategy) => core.planFromJson(JSON.stringify(s._toPlan()));

describe('DeploymentStrategy probe', () => {
  it('is on with PROBE_DEFAULTS unless turned off', () => {
    expect(planOf(DeploymentStrategy.CANARY_10PERCENT_5MINUTES).probe).toEqual(core.PROBE_DEFAULTS);
    expect(planOf(DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), probe: { enabled: false } })).probe).toBeUndefined();
    // shadowFirst keeps the probe of the strategy that moves user traffic.
    expect(planOf(DeploymentStrategy.shadowFirst({ duration: Duration.minutes(5),
      then: DeploymentStrategy.linear({ percentage: 25, interval: Duration.minutes(1), probe: { maxRequestsPerBake: 30 } }) })).probe)
      .toEqual({ ...core.PROBE_DEFAULTS, maxRequestsPerBake: 30 });
  });

  it('renders what the core builders render for the same options', () => {
    const lib = DeploymentStrategy.canary({ percentage: 5, interval: Duration.minutes(2),
      probe: { requestsPerCheck: 5, maxRequestsPerBake: 40, maxErrorRate: 0.1, acceptableErrorRate: 0.02, alpha: 0.05 } });
    expect(planOf(lib)).toEqual(core.canary(5, 120,
      { probe: { requestsPerCheck: 5, maxRequestsPerBake: 40, maxErrorRate: 0.1, acceptableErrorRate: 0.02, alpha: 0.05 } }));
  });

  it('refuses a probe that cannot tell good from bad, naming the prop and the fix', () => {
    expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), probe: { acceptableErrorRate: 0.1 } }))
      .toThrow(/probe.acceptableErrorRate is 0.1, not below probe.maxErrorRate 0.05; .*lower acceptableErrorRate or raise maxErrorRate/);
    expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), probe: { requestsPerCheck: 0 } }))
      .toThrow(/probe.requestsPerCheck is 0; it must be a whole number >= 1/);
    expect(() => DeploymentStrategy.canary({ percentage: 10, interval: Duration.minutes(5), probe: { alpha: 0.9 } }))
      .toThrow(/probe.alpha is 0.9/);
  });
});

describe('VariantRollout with the probe', () => {
  const f = rolloutFixture();
  const key = new kms.Key(f.stack, 'CaptureKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(f.stack, 'Capture', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
  acknowledge(bucket, 'AwsSolutions-S1', 'Test fixture: capture bucket; access logging is the data lake\'s concern.');
  const endpoint = blueGreenEndpoint(f, { endpointName: 'iris-probe', dataCapture: { bucket, prefix: 'captures/live' } });
  const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
  const t = synth(f.stack);

  it('passes the capture location and the probe plan to the trigger and the execution input', () => {
    const props = f.stack.resolve((rollout.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    expect(props.CapturePrefix).toBe('captures/live');
    expect(props.CaptureBucket).toEqual({ Ref: expect.stringMatching(/^Capture/) });
    expect(core.planFromJson(props.Plan).probe).toEqual(core.PROBE_DEFAULTS);
    expect(JSON.stringify(f.stack.resolve(rollout.executionInputFor('green')))).toContain('\\"prefix\\":\\"captures/live\\"');
  });

  it('lets the controller read this endpoint\'s captures and invoke the endpoint, nothing wider', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([
        Match.objectLike({ Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['captures/live/iris-probe/*'] } } }),
        Match.objectLike({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Capture'), 'Arn'] }, '/captures/live/iris-probe/*']] } }),
      ]) },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sagemaker:InvokeEndpoint' })]) },
    });
  });

  it('without dataCapture there is nothing to probe with: no capture location, no capture access', () => {
    const g = rolloutFixture('NoCapture');
    const plain = blueGreenEndpoint(g);
    const r = new VariantRollout(g.stack, 'Rollout', { endpoint: plain, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES });
    const props = g.stack.resolve((r.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    expect(props.CaptureBucket).toBeUndefined();
    expect(JSON.stringify(synth(g.stack).toJSON())).not.toContain('s3:ListBucket');
  });

  it('cdk-nag finds nothing', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });
});
