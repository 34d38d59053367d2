/** RequestHook: the library's pre-traffic hook configured per rollout (payloads, content type, output shape), off by default. */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeploymentStrategy, HookOutputCheck, HookValueCheck, RequestHook, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

const strategy = DeploymentStrategy.CANARY_10PERCENT_5MINUTES;

function hookEnv(t: Template, id: RegExp): Record<string, string> {
  const [fn] = Object.entries(t.findResources('AWS::Lambda::Function')).filter(([k]) => id.test(k)).map(([, v]) => v as any);
  return fn.Properties.Environment.Variables;
}

describe('RequestHook', () => {
  afterAll(() => lintQueuedTemplates());

  test('off by default: no request hook and no pre-traffic hook at all', () => {
    const f = rolloutFixture();
    const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint: blueGreenEndpoint(f), strategy });
    const t = synth(f.stack);
    expect(rollout.requestHookFunction).toBeUndefined();
    const trigger = Object.values(t.findResources('Custom::CdkMlopsRollout'))[0] as any;
    expect(trigger.Properties.PreTrafficHooks).toEqual([]);
    expect(JSON.parse(trigger.Properties.Plan).hooks.preTraffic).toBe(false);
  });

  test('inline payloads: its own Lambda configured by its environment, run first, invoking this endpoint only', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    const rollout = new VariantRollout(f.stack, 'Rollout', {
      endpoint, strategy,
      requestHook: RequestHook.fromPayloads([{ body: '{"amount":12}' }, { name: 'big', body: '{"amount":9000}', accept: 'application/json' }], {
        contentType: 'application/json',
        expectedOutput: HookOutputCheck.jsonPath('$.predictions[0].score', HookValueCheck.between(0, 1)),
        maxLatency: Duration.millis(500),
      }),
    });
    const t = synth(f.stack);
    const env = hookEnv(t, /RolloutRequestHook[0-9A-F]{8}$/);
    expect(JSON.parse(env.HOOK_PAYLOADS)).toEqual([{ body: '{"amount":12}' }, { name: 'big', body: '{"amount":9000}', accept: 'application/json' }]);
    expect(env.HOOK_CONTENT_TYPE).toBe('application/json');
    expect(JSON.parse(env.HOOK_EXPECTED_OUTPUT)).toEqual({ kind: 'jsonPath', path: '$.predictions[0].score', check: { kind: 'between', min: 0, max: 1 } });
    expect(env.HOOK_MAX_LATENCY_MS).toBe('500');
    const trigger = Object.values(t.findResources('Custom::CdkMlopsRollout'))[0] as any;
    expect(trigger.Properties.PreTrafficHooks[0]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/RolloutRequestHook/), 'Arn'] });
    expect(JSON.parse(trigger.Properties.Plan).hooks.preTraffic).toBe(true);
    expect(rollout.requestHookFunction).toBeDefined();
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sagemaker:InvokeEndpoint']), Resource: { Ref: Match.stringLikeRegexp('Endpoint') } })]) },
      Roles: [{ Ref: Match.stringLikeRegexp('RolloutRequestHookServiceRole') }],
    });
    expect(nagFindings(f.stack)).toEqual([]);
  });

  test('payloads from S3: the object\'s URI, read access to that key only', () => {
    const f = rolloutFixture();
    new VariantRollout(f.stack, 'Rollout', {
      endpoint: blueGreenEndpoint(f), strategy,
      requestHook: RequestHook.fromS3(f.bucket, 'hooks/samples.jsonl', { expectedOutput: HookOutputCheck.number(0, 1) }),
    });
    const t = synth(f.stack);
    const env = hookEnv(t, /RolloutRequestHook[0-9A-F]{8}$/);
    expect(JSON.stringify(env.HOOK_PAYLOADS_S3_URI)).toContain('/hooks/samples.jsonl');
    expect(env.HOOK_PAYLOADS).toBeUndefined();
    expect(env.HOOK_CONTENT_TYPE).toBe('text/csv');
    expect(JSON.parse(env.HOOK_EXPECTED_OUTPUT)).toEqual({ kind: 'number', min: 0, max: 1 });
    const policy = JSON.stringify(Object.values(t.findResources('AWS::IAM::Policy'))
      .find((p: any) => /RolloutRequestHookServiceRole/.test(JSON.stringify(p.Properties.Roles))));
    expect(policy).toContain('/hooks/samples.jsonl');
    expect(policy).toContain('s3:GetObject*');
  });

  test('no assumption about the output unless asked: anyAnswer by default', () => {
    const f = rolloutFixture();
    new VariantRollout(f.stack, 'Rollout', { endpoint: blueGreenEndpoint(f), strategy, requestHook: RequestHook.fromPayloads([{ body: 'x' }]) });
    expect(JSON.parse(hookEnv(synth(f.stack), /RolloutRequestHook[0-9A-F]{8}$/).HOOK_EXPECTED_OUTPUT)).toEqual({ kind: 'any' });
  });

  test('refuses what cannot work, with the fix', () => {
    const bucket = s3.Bucket.fromBucketName(rolloutFixture().stack, 'B', 'hook-samples');
    expect(() => RequestHook.fromPayloads([])).toThrow(/payloads is empty/);
    expect(() => RequestHook.fromPayloads([{ body: 'x'.repeat(4000) }])).toThrow(/Put them in S3 as JSON Lines and use RequestHook\.fromS3/);
    expect(() => RequestHook.fromS3(bucket, '/samples.jsonl')).toThrow(/without a leading '\/'/);
    expect(() => RequestHook.fromPayloads([{ body: 'x' }], { maxLatency: Duration.seconds(0) })).toThrow(/maxLatency is 0 seconds; use a positive Duration/);
    expect(() => HookOutputCheck.jsonPath('predictions[0]', HookValueCheck.exists())).toThrow(/use \$ followed by \.name/);
    expect(() => HookOutputCheck.number(1, 0)).toThrow(/min 1 is above max 0/);
    expect(() => HookValueCheck.between(2, 1)).toThrow(/min 2 is above max 1/);
    expect(() => HookOutputCheck.regex('(')).toThrow(/not a valid regular expression/);
  });
});
