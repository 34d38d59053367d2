/**
 * The built-in hook (payloads from S3, InvokeEndpoint on moto's queued responses) and the deploy trigger
 * (StartExecution with a RolloutExecutionInput the controller accepts; isComplete failing with the record's reason).
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { canary, ROLLOUT_ENV, RolloutExecutionInput } from '../../../lambda/core/rollout';
import { handler as controller } from '../../../lambda/handlers/rollout-controller';
import { handler as hook } from '../../../lambda/handlers/rollout-hook';
import { handler as rollback } from '../../../lambda/handlers/rollout-rollback';
import { isComplete, onEvent } from '../../../lambda/handlers/rollout-trigger';
import type { TriggerEvent } from '../../../lambda/handlers/rollout-trigger/events';
import { haveMoto } from '../../helpers/moto';
import { CANDIDATE, STABLE, useMotoWorld } from './moto-fixture';
import { captureLogs } from './support';

const maybe = haveMoto() ? describe : describe.skip;

maybe('hook and deploy trigger against moto', () => {
  const ctx = useMotoWorld();

  afterAll(async () => {
    delete process.env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI];
  });

  /** moto answers InvokeEndpoint from this queue, one entry per distinct request. */
  async function queueResponses(bodies: string[]) {
    const res = await fetch(`${ctx.moto.endpoint}/moto-api/static/sagemaker/endpoint-results`, {
      method: 'POST',
      body: JSON.stringify({ results: bodies.map((Body) => ({ Body, ContentType: 'text/csv', InvokedProductionVariant: CANDIDATE })) }),
    });
    expect(res.status).toBe(201);
  }

  async function payloadsInS3(key: string, lines: object[]) {
    await ctx.world.aws.s3.send(new CreateBucketCommand({ Bucket: 'hook-payloads' })).catch(() => undefined);
    await ctx.world.aws.s3.send(new PutObjectCommand({ Bucket: 'hook-payloads', Key: key,
      Body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' }));
    process.env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI] = `s3://hook-payloads/${key}`;
  }

  const event = (endpointName: string) => ({ endpointName, candidateVariant: CANDIDATE, stableVariant: STABLE,
    hook: 'preTraffic' as const, rolloutId: 'r-hook' });

  it('passes when every S3 payload answers a well-formed probability of the expected class', async () => {
    captureLogs();
    const { endpointName } = await ctx.world.newEndpoint();
    await payloadsInS3('ok.jsonl', [
      { name: 'a', contentType: 'text/csv', body: '5.1,3.5,1.4,0.2', expected: { predictedLabel: 0 } },
      { name: 'b', contentType: 'text/csv', body: '6.3,3.3,6.0,2.5', expected: { predictedLabel: 1 } },
    ]);
    await queueResponses(['0.0197\n', '0.97']);
    const result = await hook(event(endpointName));
    expect(result.passed).toBe(true);
    expect(result.details).toContain('2/2 payloads passed on candidate');
  });

  it('fails with the payload and the problem when an output is malformed', async () => {
    captureLogs();
    const { endpointName } = await ctx.world.newEndpoint();
    await payloadsInS3('bad.jsonl', [
      { name: 'c', body: '1,1,1,1', expected: { predictedLabel: 0 } },
      { name: 'd', body: '2,2,2,2', expected: { predictedLabel: 0 } },
    ]);
    await queueResponses(['0.01', '<html>oops</html>']);
    const result = await hook(event(endpointName));
    expect(result.passed).toBe(false);
    expect(result.details).toContain('1/2 payloads passed');
    expect(result.details).toContain('d: output "<html>oops</html>" is not a single number');
  });

  it('fails (does not throw) when the S3 payload file is missing', async () => {
    captureLogs();
    process.env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI] = 's3://hook-payloads/missing.jsonl';
    const result = await hook(event('any'));
    expect(result).toMatchObject({ passed: false });
    expect(result.details).toContain('hook misconfigured');
    delete process.env[ROLLOUT_ENV.HOOK_PAYLOADS_S3_URI];
  });

  it('trigger starts an execution the controller accepts; a rolled-back rollout fails isComplete with its reason', async () => {
    captureLogs();
    const { endpointName, alarmName } = await ctx.world.newEndpoint();
    const props = {
      EndpointName: endpointName, Variants: [STABLE, CANDIDATE],
      VariantModels: { [STABLE]: `${endpointName}-${STABLE}`, [CANDIDATE]: 'iris-v1' },
      Plan: JSON.stringify(canary(10, 300)), SlotAlarmNames: { [STABLE]: ['stable-5xx'], [CANDIDATE]: [alarmName] },
    };
    const changed = { ...props, VariantModels: { ...props.VariantModels, [CANDIDATE]: 'iris-v2' } };
    const deploy: TriggerEvent = { RequestType: 'Update', PhysicalResourceId: `rollout:${endpointName}`,
      ResourceProperties: changed, OldResourceProperties: props };
    const started = await onEvent(deploy);
    expect(started.PhysicalResourceId).toBe(`rollout:${endpointName}`);
    expect(started.Data!.ExecutionArn).toContain(':execution:');
    const merged = { ...deploy, Data: started.Data };
    expect(await isComplete(merged)).toEqual({ IsComplete: false });

    // The execution's input is what the state machine hands the controller's start.
    const exec = await ctx.world.aws.sfn.send(new DescribeExecutionCommand({ executionArn: started.Data!.ExecutionArn }));
    const input = JSON.parse(exec.input!) as RolloutExecutionInput;
    expect(input).toMatchObject({ endpointName, rolloutId: started.Data!.RolloutId, candidateModel: 'iris-v2',
      candidateVariant: CANDIDATE, stableVariant: STABLE, alarmNames: [alarmName] });
    await controller({ action: 'start', input, executionArn: started.Data!.ExecutionArn });
    await controller({ action: 'step', endpointName, rolloutId: input.rolloutId });

    await ctx.world.setAlarm(alarmName, 'ALARM');
    await rollback({ detail: { alarmName, state: { value: 'ALARM', reason: 'error rate 20%' } } });

    await expect(isComplete(merged)).rejects.toThrow(
      new RegExp(`rollout ${input.rolloutId} of iris-v2 on ${endpointName} ended ROLLED_BACK \\(execution ABORTED\\): ` +
        `rolling back to stable: ${alarmName} in ALARM`));

    // CloudFormation's rollback sends an Update back to the old model: no second rollout.
    const revert: TriggerEvent = { RequestType: 'Update', PhysicalResourceId: started.PhysicalResourceId,
      ResourceProperties: props, OldResourceProperties: changed };
    // A stack rollback after a failed rollout: the stable slot is restored (it already serves), nothing starts.
    expect(await onEvent(revert)).toEqual({ PhysicalResourceId: started.PhysicalResourceId,
      Data: { ExecutionArn: '', RolloutId: '', Action: 'RESTORE', RestoreVariant: STABLE, RestoreSince: expect.stringMatching(/^\d+$/) } });
    // And a Create (the first deploy) starts nothing.
    expect(await onEvent({ RequestType: 'Create', ResourceProperties: props }))
      .toEqual({ PhysicalResourceId: `rollout:${endpointName}`, Data: { ExecutionArn: '', RolloutId: '', Action: 'NOTHING' } });
  });
});
