/** What `rollout status` derives from a record: step i/n, time left per phase, the failure flag. */
import { blueGreen, canary, initialState, RolloutRecord, weightsFor } from '../../lambda/core/rollout';
import { formatStatus, statusView } from '../../bin/cli/status-view';

const rec = (plan: RolloutRecord['plan'], state: Partial<RolloutRecord['state']>): RolloutRecord => ({
  endpointName: 'ep', rolloutId: 'r1', executionArn: 'arn', stableVariant: 's', candidateVariant: 'c', plan,
  alarmNames: ['a'], state: { ...initialState(1000), ...state },
  history: [{ at: 1000, kind: 'START', reason: 'rollout started' }], updatedAt: 1000,
});

describe('rollout status view', () => {
  it('shows the bake time left of the current step', () => {
    const v = statusView(rec(canary(10, 300), { phase: 'BAKING', stepIndex: 0, phaseStartedAt: 1000, weights: weightsFor(10) }),
      1100, { weights: weightsFor(10), status: 'InService' }, [{ name: 'a', state: 'OK' }]);
    expect(v).toMatchObject({ step: 1, steps: 2, stepCandidatePercent: 10, secondsLeft: 200, active: true });
    const text = formatStatus(v);
    expect(text).toContain('time left in baking: 200 s');
    expect(text).toContain('alarms:   a=OK');
  });

  it('counts the keep-warm window and marks failures', () => {
    expect(statusView(rec(blueGreen(600, 300), { phase: 'KEEP_WARM', phaseStartedAt: 1000 }), 1250).secondsLeft).toBe(50);
    const failed = statusView(rec(canary(10, 300), { phase: 'ROLLED_BACK', reason: 'a in ALARM' }), 2000);
    expect(failed).toMatchObject({ active: false, succeeded: false, reason: 'a in ALARM', secondsLeft: undefined });
    expect(formatStatus(failed)).toContain('ROLLED_BACK (FAILED)');
  });
});
