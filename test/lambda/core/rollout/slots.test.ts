/** Blue/green slots (pure): which slot a deploy changes, the other slot, the both-changed message. */
import {
  bothSlotsChangedMessage, changedSlots, otherSlot,
} from '../../../../lambda/core/rollout';

const slots = (blue: string, green: string) => ({ EndpointName: 'ep', Variants: ['blue', 'green'], VariantModels: { blue, green } });

describe('slots', () => {
  it('names the slots whose model changed', () => {
    expect(changedSlots(slots('m1', 'm2'), slots('m1', 'm3'))).toEqual([{ variant: 'green', from: 'm2', to: 'm3' }]);
    expect(changedSlots(slots('m1', 'm2'), slots('m1', 'm2'))).toEqual([]);
    expect(changedSlots(slots('m1', 'm2'), slots('m4', 'm3')).map((c) => c.variant)).toEqual(['blue', 'green']);
  });


  it('finds the other of exactly two slots', () => {
    expect(otherSlot(['blue', 'green'], 'blue')).toBe('green');
    expect(() => otherSlot(['blue', 'green'], 'red')).toThrow("'red' is not one of two slots (blue, green)");
    expect(() => otherSlot(['blue'], 'blue')).toThrow(/not one of two slots/);
  });

  it('explains a deploy that changes both slots and how to split it', () => {
    const msg = bothSlotsChangedMessage('ep', [{ variant: 'blue', from: 'm1', to: 'm4' }, { variant: 'green', from: 'm2', to: 'm3' }]);
    expect(msg).toMatch(/^endpoint ep: this deploy changes the models of both slots \(blue: m1 -> m4; green: m2 -> m3\)\. Change one variant's model per deploy/);
  });
});
