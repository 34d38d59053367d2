/** decideLifecycle (pure): what each CloudFormation event means for the rollout. */
import { decideLifecycle, LifecycleRecord, Phase } from '../../../../lambda/core/rollout';

const slots = (blue: string, green: string) => ({ EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: { blue, green } });
const rec = (phase: Phase, candidateModel = 'm2'): LifecycleRecord =>
  ({ rolloutId: 'r1', stableVariant: 'blue', candidateVariant: 'green', candidateModel, phase });
const update = (from: [string, string], to: [string, string], record?: LifecycleRecord) =>
  decideLifecycle({ requestType: 'Update', oldProps: slots(...from), newProps: slots(...to), record });

describe('decideLifecycle', () => {
  test.each<[string, ReturnType<typeof decideLifecycle>['kind'], ReturnType<typeof decideLifecycle>]>([
    ['create', 'NOTHING', decideLifecycle({ requestType: 'Create', newProps: slots('m1', 'm0') })],
    ['forward deploy', 'START', update(['m1', 'm0'], ['m1', 'm2'])],
    ['forward deploy after an older rollout of the other slot', 'START',
      update(['m1', 'm0'], ['m1', 'm2'], { ...rec('PROMOTED', 'm1'), candidateVariant: 'blue', stableVariant: 'green' })],
    ['revert while it runs', 'ABORT_AND_RESTORE', update(['m1', 'm2'], ['m1', 'm0'], rec('BAKING'))],
    ['revert after promotion', 'RESTORE', update(['m1', 'm2'], ['m1', 'm0'], rec('PROMOTED'))],
    ['revert after a rollback', 'RESTORE', update(['m1', 'm2'], ['m1', 'm0'], rec('ROLLED_BACK'))],
    ['new change while another runs', 'REFUSE', update(['m1', 'm2'], ['m3', 'm2'], rec('BAKING'))],
    ['both slots', 'REFUSE', update(['m1', 'm0'], ['m3', 'm2'])],
    ['no model change', 'NOTHING', update(['m1', 'm0'], ['m1', 'm0'], rec('BAKING'))],
    ['delete while it runs', 'ABORT', decideLifecycle({ requestType: 'Delete', newProps: slots('m1', 'm2'), record: rec('SHIFTING') })],
    ['delete after it ended', 'NOTHING', decideLifecycle({ requestType: 'Delete', newProps: slots('m1', 'm2'), record: rec('PROMOTED') })],
  ])('%s → %s', (_name, kind, d) => {
    expect(d.kind).toBe(kind);
  });

  test('a revert restores the slot that served before the deploy, never the reverted one', () => {
    expect(update(['m1', 'm2'], ['m1', 'm0'], rec('PROMOTED'))).toMatchObject({ restoreVariant: 'blue' });
    expect(update(['m1', 'm2'], ['m1', 'm0'], rec('SHIFTING'))).toMatchObject({ restoreVariant: 'blue', rolloutId: 'r1' });
  });

  test('a forward deploy names the candidate, the stable slot and the model', () => {
    expect(update(['m1', 'm0'], ['m1', 'm2'])).toMatchObject({ candidateVariant: 'green', stableVariant: 'blue', candidateModel: 'm2' });
  });

  test('the refusal under a running rollout gives the command that frees it', () => {
    const d = update(['m1', 'm2'], ['m3', 'm2'], rec('BAKING'));
    expect(d.reason).toContain('npx cdk-mlops rollout abort ep');
  });
});
