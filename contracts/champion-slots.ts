/**
 * The champion slots of the reference app: the wire format between the reference stack (bin/, lib/platform.ts), the
 * `cdk-mlops champion-slots` CLI command that resolves it from the live stack before a deploy, and the deploy
 * workflow (.github/workflows/deploy-stage.yml) that passes it to `cdk deploy`.
 *
 * The endpoint has three production variants: two champion slots (`blue`, `green`) that the VariantRollout moves
 * traffic between, holding the champion share together (one serving, one idle at weight 0), and the `challenger`
 * (the A/B arm), which no rollout touches. An approved version goes into the IDLE slot, so the deploy drains nothing
 * and the rollout moves the champion share to it step by step.
 *
 * The context value (and the stack output CHAMPION_SLOTS_OUTPUT, which renders the same text) names what each slot
 * holds: `blue=<model package ARN | packaged>,green=<model package ARN | packaged>`.
 */
import { parseModelPackageArn } from './model-approval';

/** CDK context key the reference app reads the champion slots from. */
export const CHAMPION_SLOTS_CONTEXT_KEY = 'championSlots';

/** Stack output of the reference app naming what each champion slot holds (same format as the context). */
export const CHAMPION_SLOTS_OUTPUT = 'ChampionSlots';

/** The two champion slots, in order: the first serves when the endpoint is created. */
export const CHAMPION_SLOT_NAMES = ['blue', 'green'] as const;

/** A champion slot's name. */
export type ChampionSlot = typeof CHAMPION_SLOT_NAMES[number];

/** The production variant of the A/B arm, which rollouts never touch. */
export const CHALLENGER_VARIANT = 'challenger';

/** What a slot holds when it holds no registry version: the model packaged with the app (MlPlatform's championModelData). */
export const PACKAGED_MODEL = 'packaged';

/** What each champion slot holds: a versioned model package ARN, or PACKAGED_MODEL. */
export type ChampionSlotModels = Readonly<Record<ChampionSlot, string>>;

/** Both slots hold the packaged model (the first deploy without an approved version). */
export const ALL_PACKAGED: ChampionSlotModels = { blue: PACKAGED_MODEL, green: PACKAGED_MODEL };

/** The context value / output text of `slots`. */
export function renderChampionSlots(slots: ChampionSlotModels): string {
  return CHAMPION_SLOT_NAMES.map((s) => `${s}=${slots[s]}`).join(',');
}

/** An ARN held by a slot, or undefined when it holds the packaged model. */
export function slotModelPackageArn(value: string): string | undefined {
  return value === PACKAGED_MODEL ? undefined : value;
}

const EXAMPLE = `${CHAMPION_SLOTS_CONTEXT_KEY}=blue=${PACKAGED_MODEL},green=arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`;
const FIX = `Pass what \`npx cdk-mlops champion-slots <stack>\` prints (e.g. -c ${EXAMPLE}), or leave the key out on a first deploy.`;

/**
 * Parses the context value; throws an error naming the context key, the bad value and the fix. Only whole, known
 * slots are accepted: a typo must not silently put the packaged model back into a slot.
 */
export function parseChampionSlots(value: unknown): ChampionSlotModels {
  const bad = (why: string): never => {
    throw new Error(`context ${CHAMPION_SLOTS_CONTEXT_KEY}=${JSON.stringify(value)} ${why}. ${FIX}`);
  };
  if (typeof value !== 'string' || value.trim() === '') bad('is not a text of the form blue=<arn|packaged>,green=<arn|packaged>');
  const found: Partial<Record<ChampionSlot, string>> = {};
  for (const part of (value as string).split(',')) {
    const eq = part.indexOf('=');
    const slot = (eq < 0 ? part : part.slice(0, eq)).trim();
    const model = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(CHAMPION_SLOT_NAMES as readonly string[]).includes(slot)) {
      bad(`names the slot '${slot}'; the champion slots are ${CHAMPION_SLOT_NAMES.join(' and ')}`);
    }
    if (found[slot as ChampionSlot] !== undefined) bad(`names the slot '${slot}' twice`);
    if (model !== PACKAGED_MODEL && !parseModelPackageArn(model)) {
      bad(`gives slot '${slot}' the model '${model}', which is neither '${PACKAGED_MODEL}' nor a versioned model package ARN`);
    }
    found[slot as ChampionSlot] = model;
  }
  const missing = CHAMPION_SLOT_NAMES.filter((s) => found[s] === undefined);
  if (missing.length > 0) bad(`does not say what ${missing.join(' and ')} ${missing.length > 1 ? 'hold' : 'holds'}; name both slots`);
  return found as ChampionSlotModels;
}
