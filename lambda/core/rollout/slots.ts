/**
 * Blue/green slots: which variant a deploy changes. Pure, shared by the drain guard (before the endpoint update)
 * and the deploy trigger (after it), so both name the same candidate.
 */
import type { RolloutSlotProperties } from '../../../contracts/rollout-resources';

export interface SlotChange {
  readonly variant: string;
  readonly from: string;
  readonly to: string;
}

/** The slots of `next` whose model differs from `old`'s; a slot `old` did not know is not counted as changed. */
export function changedSlots(old: RolloutSlotProperties, next: RolloutSlotProperties): SlotChange[] {
  const before = old.VariantModels ?? {};
  const after = next.VariantModels ?? {};
  return next.Variants
    .filter((v) => before[v] !== undefined && after[v] !== undefined && before[v] !== after[v])
    .map((v) => ({ variant: v, from: before[v], to: after[v] }));
}

/** The slot that is not `variant`. */
export function otherSlot(variants: readonly string[], variant: string): string {
  const other = variants.find((v) => v !== variant);
  if (variants.length !== 2 || other === undefined || !variants.includes(variant)) {
    throw new Error(`'${variant}' is not one of two slots (${variants.join(', ')})`);
  }
  return other;
}

/** The deploy-failing message when a deploy changes both slots. */
export function bothSlotsChangedMessage(endpointName: string, changes: readonly SlotChange[]): string {
  const list = changes.map((c) => `${c.variant}: ${c.from} -> ${c.to}`).join('; ');
  return `endpoint ${endpointName}: this deploy changes the models of both slots (${list}). Change one variant's ` +
    'model per deploy: the other slot keeps serving the known-good model while the new one rolls out. Deploy the ' +
    'change of one slot, let its rollout promote it, and put the next model in the other slot in a later deploy.';
}
