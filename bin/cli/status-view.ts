/** What `rollout status` shows (pure): phase, step i/n, time left, live vs ordered weights, alarms, last reasons. */
import {
  AlarmSignal, describeWeights, isTerminal, RolloutRecord, VariantWeights,
} from '../../lambda/core/rollout';
import { windowLeft } from './rollout-view';

export interface StatusView {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly plan: string;
  readonly phase: string;
  readonly active: boolean;
  readonly succeeded: boolean;
  /** 1-based; 0 before the first shift. */
  readonly step: number;
  readonly steps: number;
  readonly stepCandidatePercent?: number;
  /** Seconds left in the current bake / shadow run / keep-warm window, when the phase has one. */
  readonly secondsLeft?: number;
  readonly orderedWeights: VariantWeights;
  readonly liveWeights?: VariantWeights;
  readonly endpointStatus?: string;
  readonly alarms: readonly AlarmSignal[];
  readonly pendingCommand?: string;
  readonly reason?: string;
  readonly cause?: string;
  readonly lastEvents: RolloutRecord['history'];
}

export function statusView(rec: RolloutRecord, now: number, live?: { weights: VariantWeights; status: string },
  alarms: readonly AlarmSignal[] = []): StatusView {
  const s = rec.state;
  const plan = rec.plan;
  return {
    endpointName: rec.endpointName,
    rolloutId: rec.rolloutId,
    plan: plan.name,
    phase: s.phase,
    active: !isTerminal(s.phase),
    succeeded: s.phase === 'PROMOTED',
    step: s.stepIndex + 1,
    steps: plan.steps.length,
    stepCandidatePercent: plan.steps[s.stepIndex]?.candidatePercent,
    secondsLeft: windowLeft(rec, now),
    orderedWeights: s.weights,
    liveWeights: live?.weights,
    endpointStatus: live?.status,
    alarms,
    pendingCommand: rec.command,
    reason: s.reason ?? rec.history?.[rec.history.length - 1]?.reason,
    cause: s.cause,
    lastEvents: (rec.history ?? []).slice(-5),
  };
}

export function formatStatus(v: StatusView): string {
  const lines = [
    `Rollout ${v.rolloutId} on ${v.endpointName}: ${v.phase}${v.active ? '' : v.succeeded ? ' (succeeded)' : ' (FAILED)'}`,
    `  plan:     ${v.plan}, step ${v.step}/${v.steps}` +
      (v.stepCandidatePercent !== undefined ? ` (${v.stepCandidatePercent}% candidate)` : ''),
  ];
  if (v.secondsLeft !== undefined) lines.push(`  time left in ${v.phase.toLowerCase().replace(/_/g, ' ')}: ${v.secondsLeft} s`);
  lines.push(`  ordered:  ${describeWeights(v.orderedWeights)}`);
  if (v.liveWeights) {
    lines.push(`  live:     ${describeWeights(round(v.liveWeights))} (endpoint ${v.endpointStatus ?? 'unknown'})`);
  }
  lines.push(`  alarms:   ${v.alarms.length === 0 ? '(none)' : v.alarms.map((a) => `${a.name}=${a.state}`).join(', ')}`);
  if (v.pendingCommand) lines.push(`  pending operator command: ${v.pendingCommand}`);
  if (v.reason) lines.push(`  reason:   ${v.reason}`);
  if (v.lastEvents.length > 0) {
    lines.push('  recent:');
    for (const e of v.lastEvents) lines.push(`    ${new Date(e.at * 1000).toISOString()} ${e.kind}: ${e.reason}`);
  }
  return lines.join('\n') + '\n';
}

function round(w: VariantWeights): VariantWeights {
  return { stable: Math.round(w.stable * 100) / 100, candidate: Math.round(w.candidate * 100) / 100 };
}
