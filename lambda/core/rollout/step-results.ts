/** Mapping of policy decisions and stored states to what the state machine's Choice reads (StepResult). Pure. */
import type { StepResult } from '../../../contracts/rollout-execution';
import type { RolloutState } from '../../../contracts/rollout-state';
import type { Decision } from './decision';

export function stepResultOf(d: Decision, checkIntervalSeconds: number): StepResult {
  const base = { reason: d.reason, phase: d.state.phase };
  switch (d.kind) {
    case 'WAIT':
    case 'HOLD':
      return { kind: 'WAIT', waitSeconds: d.seconds, ...base };
    // Weights were ordered: look again after one check interval (the next step verifies they are live).
    case 'SHIFT':
    case 'PROMOTE':
    case 'START_SHADOW':
      return { kind: 'WAIT', waitSeconds: checkIntervalSeconds, ...base };
    case 'RUN_PRE_TRAFFIC_HOOK':
    case 'RUN_POST_TRAFFIC_HOOK':
      return { kind: d.kind, waitSeconds: 0, ...base, hookTimeoutSeconds: d.wait.timeoutSeconds,
        hookHeartbeatSeconds: d.wait.heartbeatSeconds };
    case 'COMPLETE':
      return { kind: 'COMPLETE', waitSeconds: 0, ...base };
    case 'ROLLBACK':
      return { kind: 'ROLLED_BACK', waitSeconds: 0, ...base };
    case 'FAIL':
      return { kind: 'FAILED', waitSeconds: 0, ...base };
  }
}

/** The final answer for a rollout that has already ended (e.g. the rollback Lambda ended it). */
export function terminalResult(state: RolloutState): StepResult {
  const reason = state.reason ?? `rollout ${state.phase}`;
  switch (state.phase) {
    case 'PROMOTED':
      return { kind: 'COMPLETE', waitSeconds: 0, reason, phase: state.phase };
    case 'FAILED':
      return { kind: 'FAILED', waitSeconds: 0, reason, phase: state.phase };
    default:
      return { kind: 'ROLLED_BACK', waitSeconds: 0, reason, phase: state.phase };
  }
}
