/** Runs a scripted sequence of checks through the real policy; shared by the scenario tests. */
import {
  AlarmSignal, AlarmState, decide, Decision, DecisionKind, EndCause, HookStatus, initialState, OperatorCommand,
  Phase, RolloutPlan, RolloutState, ShadowComparison, VariantWeights, weightsFor,
} from '../../../../lambda/core/rollout';

export interface Check {
  /** Seconds since the rollout started. */
  readonly t: number;
  /** One state for the single candidate alarm, or the full list. @default 'OK' */
  readonly alarm?: AlarmState | AlarmSignal[];
  /** Candidate invocations since the phase began. @default 0 */
  readonly inv?: number;
  /** Candidate percent the endpoint reports; omitted = not read. */
  readonly live?: number;
  readonly shadow?: ShadowComparison;
  readonly cmd?: OperatorCommand;
  readonly hook?: { readonly pre?: HookStatus; readonly post?: HookStatus };
  /** Expected decision. */
  readonly expect: DecisionKind;
  /** Expected candidate percent of the decision's weights (SHIFT/PROMOTE/ROLLBACK/FAIL). */
  readonly candidate?: number;
  readonly cause?: EndCause;
  /** Expected phase after the decision. */
  readonly phase?: Phase;
  /** Substring expected in the reason. */
  readonly says?: string;
}

export const T0 = 1_700_000_000;

export function runChecks(plan: RolloutPlan, checks: readonly Check[]): { decisions: Decision[]; state: RolloutState } {
  let state = initialState(T0);
  const decisions: Decision[] = [];
  for (const c of checks) {
    state = {
      ...state,
      command: c.cmd ?? state.command,
      hooks: { preTraffic: c.hook?.pre ?? state.hooks.preTraffic, postTraffic: c.hook?.post ?? state.hooks.postTraffic },
    };
    const alarms: AlarmSignal[] = Array.isArray(c.alarm) ? c.alarm : [{ name: 'candidate-5xx', state: c.alarm ?? 'OK' }];
    const liveWeights: VariantWeights | undefined = c.live === undefined ? undefined : weightsFor(c.live);
    const d = decide(state, { alarms, candidateInvocations: c.inv ?? 0, liveWeights, shadow: c.shadow }, plan, T0 + c.t);
    decisions.push(d);
    const at = `t=${c.t}: ${d.kind} (${d.reason})`;
    expect(`t=${c.t}: ${d.kind}`).toBe(`t=${c.t}: ${c.expect}`);
    if (c.candidate !== undefined) {
      expect('weights' in d ? { at, candidate: d.weights.candidate } : { at, candidate: 'none' })
        .toEqual({ at, candidate: c.candidate });
    }
    if (c.cause !== undefined) expect({ at, cause: 'cause' in d ? d.cause : undefined }).toEqual({ at, cause: c.cause });
    if (c.phase !== undefined) expect({ at, phase: d.state.phase }).toEqual({ at, phase: c.phase });
    if (c.says !== undefined) expect(d.reason).toContain(c.says);
    state = d.state;
  }
  return { decisions, state };
}
