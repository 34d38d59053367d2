/**
 * The live view of `cdk-mlops rollout get <endpoint> [--watch]` (pure), in the manner of Argo Rollouts'
 * `kubectl argo rollouts get rollout --watch`: status, step i of n, ordered vs live weight per variant, alarms,
 * samples so far vs needed, time to the next decision, last events.
 */
import {
  AlarmSignal, isTerminal, OperatorCommand, RolloutPlan, RolloutRecord, VariantWeights,
} from '../../lambda/core/rollout';

/** The CLI verb of each operator command: what users type, and what the CLI prints. */
export const COMMAND_VERB: Readonly<Record<OperatorCommand, string>> = {
  PAUSE: 'pause', RESUME: 'resume', PROMOTE_NOW: 'promote', ABORT: 'abort',
};

/** What one refresh read from AWS. */
export interface RolloutSnapshot {
  readonly record: RolloutRecord;
  /** Epoch seconds of the read. */
  readonly now: number;
  readonly live?: { readonly status: string; readonly weights: VariantWeights };
  readonly alarms: readonly AlarmSignal[];
  /** Candidate invocations published since the current phase began (CloudWatch lags a minute or two). */
  readonly candidateInvocations?: number;
}

export interface VariantRow {
  readonly role: 'stable' | 'candidate';
  readonly name: string;
  readonly orderedPercent: number;
  readonly livePercent?: number;
}

export interface RolloutView {
  readonly endpointName: string;
  readonly rolloutId: string;
  readonly strategy: string;
  readonly phase: string;
  /** Argo-style summary: Progressing, Paused, Healthy (promoted), Degraded (rolled back / failed), Aborted. */
  readonly status: 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted';
  readonly active: boolean;
  readonly succeeded: boolean;
  /** 1-based; 0 before the first shift. */
  readonly step: number;
  readonly steps: number;
  readonly stepCandidatePercent?: number;
  readonly elapsedSeconds: number;
  /** Time left in the phase's window (bake, final bake, shadow run, keep-warm). */
  readonly phaseSecondsLeft?: number;
  /** Seconds a baked step has waited for samples or alarm data, and the most it may. */
  readonly holding?: { readonly seconds: number; readonly maxSeconds: number };
  readonly samples?: { readonly what: string; readonly seen?: number; readonly needed: number };
  readonly nextDecision?: { readonly inSeconds: number; readonly what: string };
  readonly variants: readonly VariantRow[];
  readonly endpointStatus?: string;
  readonly alarms: readonly AlarmSignal[];
  /** The operator command (its CLI verb: pause, resume, promote, abort) the controller has not applied yet. */
  readonly pendingCommand?: string;
  readonly reason?: string;
  readonly cause?: string;
  readonly events: RolloutRecord['history'];
}

export function rolloutView(snap: RolloutSnapshot, eventCount = 5): RolloutView {
  const rec = snap.record;
  const s = rec.state;
  const plan = rec.plan;
  const active = !isTerminal(s.phase);
  const phaseSecondsLeft = windowLeft(rec, snap.now);
  return {
    endpointName: rec.endpointName,
    rolloutId: rec.rolloutId,
    strategy: plan.name,
    phase: s.phase,
    status: statusOf(s.phase),
    active,
    succeeded: s.phase === 'PROMOTED',
    step: s.stepIndex + 1,
    steps: plan.steps.length,
    stepCandidatePercent: plan.steps[s.stepIndex]?.candidatePercent,
    elapsedSeconds: Math.max(0, snap.now - s.startedAt),
    phaseSecondsLeft,
    holding: active && s.holdingSince !== undefined
      ? { seconds: Math.max(0, snap.now - s.holdingSince), maxSeconds: plan.maxHoldSeconds } : undefined,
    samples: active ? samplesOf(snap, plan) : undefined,
    nextDecision: active ? nextDecision(rec, snap.now, phaseSecondsLeft) : undefined,
    variants: [
      { role: 'stable', name: rec.stableVariant, orderedPercent: s.weights.stable,
        livePercent: snap.live ? round(snap.live.weights.stable) : undefined },
      { role: 'candidate', name: rec.candidateVariant, orderedPercent: s.weights.candidate,
        livePercent: snap.live ? round(snap.live.weights.candidate) : undefined },
    ],
    endpointStatus: snap.live?.status,
    alarms: snap.alarms,
    pendingCommand: rec.command ? COMMAND_VERB[rec.command] : undefined,
    reason: s.reason,
    cause: s.cause,
    events: (rec.history ?? []).slice(-eventCount),
  };
}

function statusOf(phase: string): RolloutView['status'] {
  switch (phase) {
    case 'PROMOTED': return 'Healthy';
    case 'ABORTED': return 'Aborted';
    case 'ROLLED_BACK':
    case 'FAILED': return 'Degraded';
    case 'PAUSED': return 'Paused';
    default: return 'Progressing';
  }
}

function windowTotal(phase: string, rec: RolloutRecord): number | undefined {
  const plan = rec.plan;
  switch (phase) {
    case 'BAKING': return plan.steps[rec.state.stepIndex]?.bakeSeconds;
    case 'FINAL_BAKE': return plan.finalBakeSeconds;
    case 'KEEP_WARM': return plan.keepOldWarmSeconds;
    case 'SHADOW': return plan.shadow?.durationSeconds;
    default: return undefined;
  }
}

/** Seconds left in the phase's window (bake, final bake, shadow run, keep-warm); undefined when the phase has none. */
export function windowLeft(rec: RolloutRecord, now: number): number | undefined {
  const total = windowTotal(rec.state.phase, rec);
  return total === undefined ? undefined : Math.max(0, total - (now - rec.state.phaseStartedAt));
}

function samplesOf(snap: RolloutSnapshot, plan: RolloutPlan): RolloutView['samples'] {
  const s = snap.record.state;
  if (s.phase === 'SHADOW' && plan.shadow) {
    return { what: 'shadow requests replayed', seen: s.shadowReplay?.sent ?? 0, needed: plan.shadow.gates.minRequests };
  }
  const judged = (s.phase === 'BAKING' && (plan.steps[s.stepIndex]?.bakeSeconds ?? 0) > 0) ||
    (s.phase === 'FINAL_BAKE' && plan.finalBakeSeconds > 0);
  if (!judged || plan.minInvocationsPerStep <= 0) return undefined;
  return { what: 'candidate invocations', seen: snap.candidateInvocations, needed: plan.minInvocationsPerStep };
}

/**
 * The controller re-checks after min(check interval, window left) from its last write (`updatedAt`); a rollout on
 * hold re-checks every interval until maxHoldSeconds.
 */
function nextDecision(rec: RolloutRecord, now: number, windowSecondsLeft: number | undefined): RolloutView['nextDecision'] {
  const s = rec.state;
  const plan = rec.plan;
  const sinceWrite = Math.max(0, now - rec.updatedAt);
  const checkIn = Math.max(0, plan.checkIntervalSeconds - sinceWrite);
  if (rec.command) return { inSeconds: checkIn, what: `${COMMAND_VERB[rec.command]} applied` };
  if (windowSecondsLeft !== undefined && windowSecondsLeft <= checkIn) {
    const what: Record<string, string> = {
      BAKING: `step ${s.stepIndex + 1} judged, then ${nextShare(plan, s.stepIndex)}`,
      FINAL_BAKE: plan.hooks.postTraffic ? 'final bake judged, then the post-traffic hook' : 'final bake judged, then promotion',
      KEEP_WARM: 'post-promotion watch ends (rollout complete)',
      SHADOW: 'shadow gates judged',
    };
    return { inSeconds: windowSecondsLeft, what: what[s.phase] ?? 'next check' };
  }
  const what: Record<string, string> = {
    PENDING: plan.hooks.preTraffic ? 'pre-traffic hook started' : plan.shadow ? 'shadow run started' : 'first shift ordered',
    PRE_TRAFFIC_HOOK: 'pre-traffic hook result read',
    POST_TRAFFIC_HOOK: 'post-traffic hook result read',
    SHIFTING: 'live weights compared with the ordered ones',
    PAUSED: 'alarms checked (paused: no step until resume)',
  };
  return { inSeconds: checkIn, what: what[s.phase] ?? (s.holdingSince !== undefined ? 'samples and alarm data re-read (on hold)' : 'alarms checked') };
}

function nextShare(plan: RolloutPlan, stepIndex: number): string {
  const next = plan.steps[stepIndex + 1];
  return next ? `shift to ${next.candidatePercent}% candidate` : 'promotion';
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Seconds as "1h02m03s", "4m05s" or "6s". */
export function duration(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

const ICON: Record<RolloutView['status'], string> = {
  Progressing: '◌', Paused: '॥', Healthy: '✔', Degraded: '✖', Aborted: '✖',
};
const ALARM_ICON: Record<string, string> = { OK: '✔', ALARM: '✖', INSUFFICIENT_DATA: '?' };

/**
 * One line, as `kubectl argo rollouts status` prints it: the status, then what it is doing or why it ended
 * (`Progressing - step 1/2 (candidate 10%), baking, 3m36s left`, `Degraded - ROLLED_BACK: ep-5xx in ALARM`).
 */
export function statusLine(v: RolloutView): string {
  if (!v.active) return `${v.status} - ${v.phase}${v.reason ? `: ${v.reason}` : ''}`;
  const parts = [`step ${v.step}/${v.steps}${v.stepCandidatePercent !== undefined ? ` (candidate ${v.stepCandidatePercent}%)` : ''}`,
    v.phase.toLowerCase().replace(/_/g, ' ')];
  if (v.phaseSecondsLeft !== undefined) parts.push(`${duration(v.phaseSecondsLeft)} left`);
  if (v.holding) parts.push(`on hold ${duration(v.holding.seconds)}`);
  const firing = v.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  if (firing.length > 0) parts.push(`in ALARM: ${firing.join(', ')}`);
  if (v.pendingCommand) parts.push(`${v.pendingCommand} pending`);
  return `${v.status} - ${parts.join(', ')}`;
}

/** The view without what changes by itself every second (clocks), to tell whether anything happened. */
export function viewWithoutClocks(v: RolloutView): unknown {
  const { elapsedSeconds, phaseSecondsLeft, holding, nextDecision, ...rest } = v;
  void [elapsedSeconds, phaseSecondsLeft];
  return { ...rest, holding: holding ? { maxSeconds: holding.maxSeconds } : undefined, nextDecision: nextDecision?.what };
}

/** The text view of one refresh. */
export function renderRollout(v: RolloutView): string {
  const field = (name: string, value: string) => `${(name + ':').padEnd(17)}${value}`;
  const lines = [
    field('Name', v.endpointName),
    field('Rollout', v.rolloutId),
    field('Status', `${ICON[v.status]} ${v.status} (${v.phase})`),
  ];
  if (v.reason) lines.push(field('Message', v.reason));
  lines.push(field('Strategy', v.strategy));
  lines.push(field('  Step', `${v.step}/${v.steps}` +
    (v.stepCandidatePercent !== undefined ? ` (candidate ${v.stepCandidatePercent}%)` : '')));
  lines.push(field('  Elapsed', duration(v.elapsedSeconds)));
  if (v.phaseSecondsLeft !== undefined) {
    lines.push(field('  Time left', `${duration(v.phaseSecondsLeft)} in ${v.phase.toLowerCase().replace(/_/g, ' ')}`));
  }
  if (v.holding) lines.push(field('  On hold', `${duration(v.holding.seconds)} of at most ${duration(v.holding.maxSeconds)}`));
  if (v.samples) {
    lines.push(field('  Samples', `${v.samples.seen === undefined ? '?' : v.samples.seen}/${v.samples.needed} ${v.samples.what}` +
      (v.samples.seen !== undefined && v.samples.seen >= v.samples.needed ? ' (enough)' : '')));
  }
  if (v.nextDecision) lines.push(field('  Next decision', `in ${duration(v.nextDecision.inSeconds)}: ${v.nextDecision.what}`));
  if (v.pendingCommand) lines.push(field('  Command', `${v.pendingCommand} (pending)`));
  lines.push(field('Endpoint', v.endpointStatus ?? 'unknown (not readable)'));
  lines.push('');
  lines.push(table(['VARIANT', 'ROLE', 'ORDERED', 'LIVE'], v.variants.map((r) => [
    r.name, r.role, `${r.orderedPercent}%`, r.livePercent === undefined ? '-' : `${r.livePercent}%`,
  ])));
  lines.push('');
  lines.push(v.alarms.length === 0 ? 'ALARMS  (none)'
    : table(['ALARM', 'STATE'], v.alarms.map((a) => [a.name, `${ALARM_ICON[a.state] ?? ''} ${a.state}`])));
  if (v.events.length > 0) {
    lines.push('');
    lines.push(table(['TIME', 'EVENT', 'REASON'], v.events.map((e) => [
      new Date(e.at * 1000).toISOString().replace(/\.000Z$/, 'Z'), e.kind, e.reason,
    ])));
  }
  return lines.join('\n') + '\n';
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  // The last column is not padded (reasons are long).
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] + 2))).join('').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
