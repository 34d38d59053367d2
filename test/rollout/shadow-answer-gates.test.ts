/**
 * shadowFirst's answer gates at synth: the props (gates.minAgreement, maxMeanAbsoluteDifference,
 * maxMeanRelativeDifference) and the answer format (ShadowAnswerFormat) reach the plan the deploy trigger carries;
 * bad values, gates the format cannot judge, and Data Capture without outputs fail with the prop, the value and the fix.
 * The synthesized template passes cfn-lint and cdk-nag.
 */
import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as core from '../../lambda/core/rollout';
import { DeploymentStrategy, ShadowAnswerFormat, VariantRollout } from '../../lib/rollout';
import { CaptureMode } from '../../lib/serving';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';

afterAll(lintQueuedTemplates);

const then = DeploymentStrategy.CANARY_10PERCENT_5MINUTES;
const shadow = (gates: object, answers?: ShadowAnswerFormat) =>
  DeploymentStrategy.shadowFirst({ duration: Duration.minutes(5), gates, ...(answers ? { answers } : {}), then });

describe('answer gates reach the plan', () => {
  const f = rolloutFixture();
  const endpoint = blueGreenEndpoint(f, { endpointName: 'iris-answers', dataCapture: { bucket: f.bucket, prefix: 'captures' } });
  const strategy = shadow({ minAgreement: 0.97, maxMeanAbsoluteDifference: 0.05, maxMeanRelativeDifference: 0.1, minRequests: 200 },
    ShadowAnswerFormat.score({ threshold: 0.5, field: 'predictions.0.score' }));
  const rollout = new VariantRollout(f.stack, 'Rollout', { endpoint, strategy });
  synth(f.stack);

  test('the deploy trigger\'s Plan carries the gates and the answer format', () => {
    const props = f.stack.resolve((rollout.resource!.node.defaultChild as any)._cfnProperties) as Record<string, any>;
    expect(core.planFromJson(props.Plan).shadow).toEqual({
      durationSeconds: 300,
      gates: { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 200,
        minAgreement: 0.97, maxMeanAbsoluteDifference: 0.05, maxMeanRelativeDifference: 0.1 },
      answers: { kind: 'score', threshold: 0.5, field: 'predictions.0.score' },
    });
  });

  test('cdk-nag finds nothing', () => {
    expect(nagFindings(f.stack)).toEqual([]);
  });

  test('without answer gates or format the plan is as before (no answers key)', () => {
    const plan = shadow({})._toPlan();
    expect(plan.shadow).toEqual({ durationSeconds: 300, gates: { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 100 } });
  });

  test('each answer format renders its kind', () => {
    expect(ShadowAnswerFormat.classLabel({ field: '0' })._toPlan()).toEqual({ kind: 'label', field: '0' });
    expect(ShadowAnswerFormat.numeric()._toPlan()).toEqual({ kind: 'number' });
    expect(ShadowAnswerFormat.CLASS_LABEL._toPlan()).toEqual({ kind: 'label' });
    expect(`${ShadowAnswerFormat.score({ threshold: 0.3 })}`).toBe('ShadowAnswerFormat.score({ threshold: 0.3 })');
  });
});

describe('answer gate validation', () => {
  test.each([
    [() => shadow({ minAgreement: 1.2 }), /DeploymentStrategy\.shadowFirst: gates\.minAgreement is 1\.2\. It is a fraction of answers between 0 and 1/],
    [() => shadow({ minAgreement: 0.9 }, ShadowAnswerFormat.numeric()),
      /gates\.minAgreement is 0\.9\. answers is ShadowAnswerFormat\.numeric\(\), which has no classes to agree on\. Read answers with ShadowAnswerFormat\.classLabel\(\)/],
    [() => shadow({ maxMeanAbsoluteDifference: 0.1 }),
      /gates\.maxMeanAbsoluteDifference is 0\.1\. answers is ShadowAnswerFormat\.classLabel\(\), whose answers are labels, not numbers/],
    [() => shadow({ maxMeanRelativeDifference: -0.1 }, ShadowAnswerFormat.numeric()), /gates\.maxMeanRelativeDifference is -0\.1\. Use a number of at least 0 \(a fraction: 0\.05 = 5%\)/],
    [() => ShadowAnswerFormat.score({ threshold: 1 }), /ShadowAnswerFormat\.score: threshold is 1\. Use a probability strictly between 0 and 1/],
    [() => ShadowAnswerFormat.numeric({ field: 'a..b' }), /ShadowAnswerFormat\.numeric: field is 'a\.\.b'\. answers\.field is "a\.\.b"; use dot-separated keys/],
  ])('%#: throws with the prop, the value and the fix', (make, message) => {
    expect(make).toThrow(message);
  });

  test('a token in a gate is refused: the plan is fixed at synth', () => {
    const f = rolloutFixture();
    const p = new CfnParameter(f.stack, 'MinAgreement', { type: 'Number' });
    expect(() => shadow({ minAgreement: p.valueAsNumber })).toThrow(/gates\.minAgreement is 'a token'\. The rollout plan is fixed at synth/);
  });

  test('answer gates need Data Capture of outputs; without answer gates inputs are enough', () => {
    const make = (strategy: DeploymentStrategy) => {
      const f = rolloutFixture();
      const endpoint = blueGreenEndpoint(f, { dataCapture: { bucket: f.bucket, captureMode: CaptureMode.INPUT } });
      return () => new VariantRollout(f.stack, 'Rollout', { endpoint, strategy });
    };
    expect(make(shadow({ minAgreement: 0.95 }))).toThrow(/gates the shadow run on its answers \(minAgreement or maxMean\*Difference\), which are compared with production's captured answers, but the dataCapture of Test\/Endpoint captures Input only\. Set its captureMode to CaptureMode\.INPUT_AND_OUTPUT/);
    expect(make(shadow({}))).not.toThrow();
  });
});
