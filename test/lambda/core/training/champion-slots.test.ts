/**
 * The champion-slot decision by scenario: which slot an approved version goes into and what the other keeps, over
 * a sequence of deploys of the reference app. Expected values follow from the rules: a requested version enters
 * only the idle slot (weight 0), a deploy without one changes no slot, and nothing is placed while the live state
 * cannot say which slot serves.
 */
import { ChampionSlotsInput, decideChampionSlots, LiveEndpoint } from '../../../../lambda/core/training';

const V1 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/1';
const V2 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/2';
const V3 = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/3';
const STACK = 'Staging-CdkMlops';
const EP = 'staging-endpoint';

const endpoint = (blue: number, green: number, status = 'InService'): LiveEndpoint =>
  ({ name: EP, status, weights: { blue, green, challenger: 10 } });
const stack = (blue: string, green: string, status = 'UPDATE_COMPLETE') => ({ name: STACK, status, slots: { blue, green } });

describe('decideChampionSlots: the approval loop as a sequence of deploys', () => {
  test.each<[string, ChampionSlotsInput, object]>([
    ['first deploy (no stack): blue serves the packaged model, green idle',
      {}, { kind: 'deploy', slots: { blue: 'packaged', green: 'packaged' }, serving: 'blue' }],
    ['first deploy with a requested version: blue serves it at creation (no rollout on Create)',
      { requested: V1 }, { kind: 'deploy', slots: { blue: V1, green: 'packaged' } }],
    ['stack ROLLBACK_COMPLETE (a failed create, re-created by cdk deploy): a first deploy',
      { stack: { name: STACK, status: 'ROLLBACK_COMPLETE' } }, { kind: 'deploy', slots: { blue: 'packaged', green: 'packaged' } }],
    ['approval 1: V1 goes into the idle green, blue keeps serving',
      { stack: stack('packaged', 'packaged'), endpoint: endpoint(90, 0), approved: V1, requested: V1 },
      { kind: 'deploy', slots: { blue: 'packaged', green: V1 }, changed: 'green', serving: 'blue' }],
    ['deploy without change (code change) after V1 was promoted: no slot changes',
      { stack: stack('packaged', V1), endpoint: endpoint(0, 90), approved: V1 },
      { kind: 'deploy', slots: { blue: 'packaged', green: V1 }, serving: 'green', warnings: [] }],
    ['approval 1 re-deployed (a re-run) after its promotion: already serving, nothing changes',
      { stack: stack('packaged', V1), endpoint: endpoint(0, 90), approved: V1, requested: V1 },
      { kind: 'deploy', slots: { blue: 'packaged', green: V1 }, serving: 'green' }],
    ['approval 2 after promotion goes to the other slot (blue), green keeps serving V1',
      { stack: stack('packaged', V1), endpoint: endpoint(0, 90), approved: V2, requested: V2 },
      { kind: 'deploy', slots: { blue: V2, green: V1 }, changed: 'blue', serving: 'green' }],
    ['approval 3 after V2 was promoted replaces V1 in the idle green',
      { stack: stack(V2, V1), endpoint: endpoint(90, 0), approved: V3, requested: V3 },
      { kind: 'deploy', slots: { blue: V2, green: V3 }, changed: 'green', serving: 'blue' }],
  ])('%s', (_name, input, expected) => {
    const d = decideChampionSlots(input);
    expect(d).toMatchObject(expected);
    if ('slots' in expected && d.kind === 'deploy' && !('changed' in expected)) expect(d.changed).toBeUndefined();
  });

  test('a rolled-back approval is not started again by the next deploy without a version (it is reported)', () => {
    // V2's rollout rolled back: the deploy failed, CloudFormation restored the template (blue holds its previous
    // model again), and SSM still names V2 as the latest approved version.
    const d = decideChampionSlots({ stack: stack('packaged', V1), endpoint: endpoint(0, 90), approved: V2 });
    expect(d).toMatchObject({ kind: 'deploy', slots: { blue: 'packaged', green: V1 } });
    if (d.kind !== 'deploy') throw new Error('expected a deploy');
    expect(d.changed).toBeUndefined();
    expect(d.warnings.join(' ')).toContain(`${V2} is in no slot`);
    expect(d.warnings.join(' ')).toContain(`model_package_arn=${V2}`);
    // Asking for it explicitly (the operator's retry) puts it into the idle slot again.
    expect(decideChampionSlots({ stack: stack('packaged', V1), endpoint: endpoint(0, 90), approved: V2, requested: V2 }))
      .toMatchObject({ kind: 'deploy', slots: { blue: V2, green: V1 }, changed: 'blue' });
  });

  test('the idle slot holding a rejected version (deploy without stack rollback): requested again is refused, else reported', () => {
    const rejected = { stack: stack(V2, V1), endpoint: endpoint(0, 90), approved: V2 };
    const keep = decideChampionSlots(rejected);
    expect(keep).toMatchObject({ kind: 'deploy', slots: { blue: V2, green: V1 }, serving: 'green' });
    if (keep.kind !== 'deploy') throw new Error('expected a deploy');
    expect(keep.changed).toBeUndefined();
    expect(keep.warnings.join(' ')).toMatch(/sits in blue at weight 0: its rollout did not promote it/);
    const again = decideChampionSlots({ ...rejected, requested: V2 });
    expect(again.kind).toBe('refuse');
    if (again.kind === 'refuse') {
      expect(again.reason).toMatch(/blue \(idle, weight 0\) already holds .*\/2: an earlier rollout of it did not promote it/);
      expect(again.reason).toContain(`npx cdk-mlops rollout history ${EP}`);
    }
    // The next approval replaces it in the same idle slot.
    expect(decideChampionSlots({ ...rejected, approved: V3, requested: V3 }))
      .toMatchObject({ kind: 'deploy', slots: { blue: V3, green: V1 }, changed: 'blue' });
  });

  test.each<[string, ChampionSlotsInput, RegExp]>([
    ['approval while a rollout runs',
      { stack: stack('packaged', V1), endpoint: endpoint(81, 9), requested: V2,
        activeRollout: { rolloutId: 'r-1', phase: 'BAKING', candidateVariant: 'green' } },
      /rollout r-1 \(candidate green, phase BAKING\) is still active on staging-endpoint.*rollout abort staging-endpoint/],
    ['approval while the champion share is split without a rollout',
      { stack: stack('packaged', V1), endpoint: endpoint(45, 45), requested: V2 }, /champion share of staging-endpoint is split \(blue 45, green 45\)/],
    ['approval while the endpoint updates', { stack: stack('packaged', V1), endpoint: endpoint(90, 0, 'Updating'), requested: V2 },
      /endpoint staging-endpoint is Updating/],
    ['approval with the endpoint missing', { stack: stack('packaged', V1), requested: V2 }, /endpoint of stack Staging-CdkMlops does not exist/],
    ['approval with no champion slot serving', { stack: stack('packaged', V1), endpoint: endpoint(0, 0), requested: V2 },
      /neither champion slot/],
    ['stack being updated', { stack: stack('packaged', V1, 'UPDATE_IN_PROGRESS'), endpoint: endpoint(90, 0) },
      /is UPDATE_IN_PROGRESS: a deploy or rollback is running/],
    ['stack stuck in UPDATE_ROLLBACK_FAILED', { stack: stack('packaged', V1, 'UPDATE_ROLLBACK_FAILED'), endpoint: endpoint(90, 0) },
      /continue-update-rollback/],
    ['a version on a stack from before the slots', { stack: { name: STACK, status: 'UPDATE_COMPLETE' }, approved: V1, requested: V2 },
      /has no ChampionSlots output .* Deploy once without a version/],
  ])('refused: %s', (_name, input, message) => {
    const d = decideChampionSlots(input);
    expect(d.kind).toBe('refuse');
    if (d.kind === 'refuse') expect(d.reason).toMatch(message);
  });

  test('without a new version a deploy goes ahead whatever the live state says, changing no slot', () => {
    for (const input of [
      { stack: stack('packaged', V1) },
      { stack: stack('packaged', V1), endpoint: endpoint(45, 45) },
      { stack: stack('packaged', V1), endpoint: endpoint(90, 0), activeRollout: { rolloutId: 'r', phase: 'SHIFTING', candidateVariant: 'blue' } },
    ]) {
      const d = decideChampionSlots(input);
      expect(d).toMatchObject({ kind: 'deploy', slots: { blue: 'packaged', green: V1 } });
      if (d.kind === 'deploy') {
        expect(d.changed).toBeUndefined();
        expect(d.warnings.join(' ')).toMatch(/no slot changes, so this deploy starts no rollout/);
      }
    }
  });

  test('upgrade of a stack from before the slots: blue takes over the approved champion', () => {
    expect(decideChampionSlots({ stack: { name: STACK, status: 'UPDATE_COMPLETE' }, approved: V1 }))
      .toMatchObject({ kind: 'deploy', slots: { blue: V1, green: 'packaged' } });
    expect(decideChampionSlots({ stack: { name: STACK, status: 'UPDATE_COMPLETE' }, approved: V1, requested: V1 }))
      .toMatchObject({ kind: 'deploy', slots: { blue: V1, green: 'packaged' } });
  });
});
