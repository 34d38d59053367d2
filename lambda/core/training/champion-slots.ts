/**
 * Which champion slot an approved version goes into, and what the other keeps: the decision `cdk-mlops
 * champion-slots` takes before every deploy of the reference app, from the live stack, endpoint and rollout record.
 *
 * Rules (README "Approval → deploy → guarded rollout"):
 * - Only a REQUESTED version (the approval event's, the workflow input's, `--approved`) enters a slot, and only the
 *   idle one (weight 0): the serving slot keeps its model, so the drain guard drains nothing and the rollout moves
 *   the champion share step by step. Without one, the slots stay exactly as the stack has them.
 * - The latest approved version in SSM is read but never placed on its own: when it is in no slot, its approval
 *   deploy did not finish (rolled back, failed, never ran), and a deploy for a code change must not start that
 *   rollout again silently. It is reported with the command that deploys it.
 * - A requested version the idle slot already holds (its rollout did not promote it) is refused: the deploy would
 *   change no model, so no rollout would check it again.
 * - No new version while a rollout runs, the champion share is split, the endpoint is missing or not InService, or
 *   the stack is not in a state a deploy can start from.
 */
import {
  ALL_PACKAGED, CHAMPION_SLOT_NAMES, ChampionSlot, ChampionSlotModels, PACKAGED_MODEL, renderChampionSlots,
} from '../../../contracts/champion-slots';

/** The stack as DescribeStacks shows it. */
export interface LiveStack {
  readonly name: string;
  readonly status: string;
  /** Its ChampionSlots output; absent on a stack deployed before the slots existed. */
  readonly slots?: ChampionSlotModels;
}

/** The endpoint as DescribeEndpoint shows it. */
export interface LiveEndpoint {
  readonly name: string;
  readonly status: string;
  /** CurrentWeight per production variant. */
  readonly weights: Readonly<Record<string, number>>;
}

/** The endpoint's rollout record, when it is not terminal. */
export interface ActiveRollout {
  readonly rolloutId: string;
  readonly phase: string;
  readonly candidateVariant: string;
}

export interface ChampionSlotsInput {
  /** Absent: the stack does not exist (first deploy). */
  readonly stack?: LiveStack;
  /** Absent: the stack names no endpoint, or it does not exist. */
  readonly endpoint?: LiveEndpoint;
  readonly activeRollout?: ActiveRollout;
  /** The latest approved version (the approval handler's SSM parameter), if any. */
  readonly approved?: string;
  /** The version this deploy is asked to roll out, if any. */
  readonly requested?: string;
}

export type ChampionSlotsDecision =
  | {
    readonly kind: 'deploy';
    readonly slots: ChampionSlotModels;
    /** The slot whose model this deploy changes (the rollout's candidate); absent when none changes. */
    readonly changed?: ChampionSlot;
    /** The slot serving the champion share now, when known. */
    readonly serving?: ChampionSlot;
    readonly reason: string;
    readonly warnings: string[];
  }
  | { readonly kind: 'refuse'; readonly reason: string };

/** Statuses from which `cdk deploy` starts a new stack (CDK deletes a ROLLBACK_COMPLETE stack first). */
const AS_NEW = new Set(['ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS']);
/** Statuses in which the stack's outputs are those of its deployed template. */
const STABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

export function otherChampionSlot(slot: ChampionSlot): ChampionSlot {
  return slot === 'blue' ? 'green' : 'blue';
}

/** The slot holding `model`, if any (the serving one first). */
function holder(slots: ChampionSlotModels, model: string, serving?: ChampionSlot): ChampionSlot | undefined {
  const order = serving ? [serving, otherChampionSlot(serving)] : [...CHAMPION_SLOT_NAMES];
  return order.find((s) => slots[s] === model);
}

/** The deploy command that rolls `arn` out, for messages. */
function deployHint(stack: string, arn: string): string {
  return `run the deploy workflow with model_package_arn=${arn} (or: npx cdk-mlops champion-slots ${stack} --approved ${arn})`;
}

export function decideChampionSlots(input: ChampionSlotsInput): ChampionSlotsDecision {
  const { stack, requested, approved } = input;
  if (!stack || AS_NEW.has(stack.status)) {
    const slots = { ...ALL_PACKAGED, blue: requested ?? PACKAGED_MODEL };
    return { kind: 'deploy', slots, serving: 'blue', warnings: [],
      reason: `first deploy${stack ? ` (stack ${stack.name} is ${stack.status}; cdk deploy creates it anew)` : ''}: blue serves ` +
        `${requested ?? 'the packaged model'}, green (idle) holds the packaged model; no rollout runs on a created endpoint` };
  }
  if (!STABLE.has(stack.status)) {
    return { kind: 'refuse', reason: stack.status.endsWith('_IN_PROGRESS')
      ? `stack ${stack.name} is ${stack.status}: a deploy or rollback is running (and with it any rollout). Wait for it ` +
        `to end (npx cdk-mlops rollout get <endpoint> --watch), then deploy again.`
      : `stack ${stack.name} is ${stack.status}, so its outputs may not name what the endpoint serves. Bring it back to a ` +
        'stable state first (aws cloudformation continue-update-rollback or rollback-stack), then deploy again.' };
  }
  if (!stack.slots) return upgrade(stack, approved, requested);

  const slots = stack.slots;
  const keep = (reason: string, warnings: string[], serving?: ChampionSlot): ChampionSlotsDecision =>
    ({ kind: 'deploy', slots, reason, warnings, ...(serving ? { serving } : {}) });
  const live = servingSlot(input);
  if (!requested) {
    const serving = 'slot' in live ? live.slot : undefined;
    return keep(`no new version: the slots stay as stack ${stack.name} has them (${renderChampionSlots(slots)})`,
      [...(!('slot' in live) ? [`${live.why}; no slot changes, so this deploy starts no rollout`] : []),
        ...unplacedApproval(stack.name, slots, approved, serving)], serving);
  }
  const servingNow = 'slot' in live ? live.slot : undefined;
  const at = holder(slots, requested, servingNow);
  if (at && at === servingNow) {
    return keep(`${requested} already serves in ${at}: nothing to roll out, the slots stay as they are`, [], at);
  }
  if (!('slot' in live)) {
    return { kind: 'refuse', reason: `cannot roll out ${requested}: ${live.why}. ${live.fix}` };
  }
  const idle = otherChampionSlot(live.slot);
  if (at === idle) {
    return { kind: 'refuse', reason: `${idle} (idle, weight 0) already holds ${requested}: an earlier rollout of it did not ` +
      `promote it (rolled back or aborted; npx cdk-mlops rollout history ${input.endpoint!.name}). A deploy with it would ` +
      'change no model, so no rollout would check it again. Register and approve a new version (the next one goes into ' +
      `${idle}), or keep serving ${slots[live.slot]} in ${live.slot}.` };
  }
  const next = { ...slots, [idle]: requested } as ChampionSlotModels;
  return { kind: 'deploy', slots: next, changed: idle, serving: live.slot, warnings: [],
    reason: `${requested} goes into ${idle} (idle, weight 0; it held ${slots[idle]}); ${live.slot} keeps serving ` +
      `${slots[live.slot]}, so nothing is drained and the rollout moves the champion share to ${idle} step by step` };
}

/** A stack of the reference app from before the champion slots: the champion served the approved version. */
function upgrade(stack: LiveStack, approved: string | undefined, requested: string | undefined): ChampionSlotsDecision {
  const blue = approved ?? PACKAGED_MODEL;
  if (requested && requested !== blue) {
    return { kind: 'refuse', reason: `stack ${stack.name} has no ChampionSlots output (deployed before the champion slots), ` +
      `so its new blue/green variants are created by this deploy and no rollout would check ${requested}. Deploy once ` +
      `without a version (the upgrade; blue keeps ${blue}), then ${deployHint(stack.name, requested)}.` };
  }
  return { kind: 'deploy', slots: { ...ALL_PACKAGED, blue }, serving: 'blue', warnings: [],
    reason: `upgrade of stack ${stack.name} to the champion slots: blue takes over the champion's ${blue}, green (idle) ` +
      'holds the packaged model' };
}

/** The serving champion slot from the live state, or why it cannot be known (and what to do). */
function servingSlot(input: ChampionSlotsInput): { slot: ChampionSlot } | { why: string; fix: string } {
  const { endpoint, activeRollout, stack } = input;
  if (!endpoint) {
    return { why: `the endpoint of stack ${stack!.name} does not exist, so no slot serves`,
      fix: 'Restore it first (deploy without a version, or delete and re-create the stack), then deploy the version again.' };
  }
  if (activeRollout) {
    return { why: `rollout ${activeRollout.rolloutId} (candidate ${activeRollout.candidateVariant}, phase ${activeRollout.phase}) ` +
      `is still active on ${endpoint.name}`,
    fix: `Wait for it to end (npx cdk-mlops rollout get ${endpoint.name} --watch) or abort it (npx cdk-mlops rollout abort ` +
      `${endpoint.name}), then deploy the version again.` };
  }
  if (endpoint.status !== 'InService') {
    return { why: `endpoint ${endpoint.name} is ${endpoint.status}`, fix: 'Deploy the version again once it is InService.' };
  }
  const [b, g] = CHAMPION_SLOT_NAMES.map((s) => endpoint.weights[s]);
  const missing = CHAMPION_SLOT_NAMES.filter((s) => endpoint.weights[s] === undefined);
  if (missing.length > 0) {
    return { why: `endpoint ${endpoint.name} has no production variant ${missing.join(' or ')}`,
      fix: 'Deploy once without a version so that the endpoint gets both champion slots, then deploy the version again.' };
  }
  if (b > 0 && g > 0) {
    return { why: `the champion share of ${endpoint.name} is split (blue ${b}, green ${g}) with no active rollout: a rollout ` +
      'ended without restoring one slot', fix: `Put it on one slot first (npx cdk-mlops rollout abort ${endpoint.name} ` +
      'restores the stable one, or promote), then deploy the version again.' };
  }
  if (b <= 0 && g <= 0) {
    return { why: `neither champion slot of ${endpoint.name} takes traffic (blue ${b}, green ${g})`,
      fix: 'Give the serving slot its share back (UpdateEndpointWeightsAndCapacities), then deploy the version again.' };
  }
  return { slot: b > 0 ? 'blue' : 'green' };
}

/** Warnings about the latest approved version when no deploy puts it in: it is never placed silently. */
function unplacedApproval(stackName: string, slots: ChampionSlotModels, approved: string | undefined,
  serving: ChampionSlot | undefined): string[] {
  if (!approved) return [];
  const at = holder(slots, approved, serving);
  if (!at) {
    return [`the latest approved version ${approved} is in no slot: its approval deploy did not finish (rolled back, ` +
      `failed or never ran), and it is not rolled out again without being asked. To roll it out, ${deployHint(stackName, approved)}.`];
  }
  if (serving && at !== serving) {
    return [`the latest approved version ${approved} sits in ${at} at weight 0: its rollout did not promote it ` +
      `(${serving} serves ${slots[serving]}); it is not started again. Approve a new version to replace it.`];
  }
  return [];
}
