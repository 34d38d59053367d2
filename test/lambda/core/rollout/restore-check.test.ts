/** The rollback's read-back decision: holds only when settled on stable; waits, re-orders or gives up otherwise. */
import { nextRestoreStep, RestoreObservation } from '../../../../lambda/core/rollout';

const STABLE = { stable: 100, candidate: 0 };
const CANARY = { stable: 90, candidate: 10 };
const GRACE = 4000;

function obs(o: Partial<RestoreObservation>): RestoreObservation {
  return { status: 'InService', live: STABLE, msSinceOrder: 10000, msLeft: 60000, ...o };
}

describe('nextRestoreStep', () => {
  test.each<[string, Partial<RestoreObservation>, string]>([
    ['InService on stable', {}, 'HOLDS'],
    ['InService on stable with the budget spent', { msLeft: 0 }, 'HOLDS'],
    ['weights within 0.01 points of stable', { live: { stable: 99.995, candidate: 0.005 } }, 'HOLDS'],
    ['Updating on stable (not settled yet)', { status: 'Updating' }, 'WAIT'],
    ['Updating on the old split', { status: 'Updating', live: CANARY }, 'WAIT'],
    ['SystemUpdating', { status: 'SystemUpdating', live: CANARY }, 'WAIT'],
    ['the read failed', { status: 'Unknown', live: { stable: 0, candidate: 0 } }, 'WAIT'],
    ['InService on the old split right after the order (eventual consistency)', { live: CANARY, msSinceOrder: 500 }, 'WAIT'],
    ['InService on the old split past the grace (silently rolled back)', { live: CANARY, msSinceOrder: 5000 }, 'REORDER'],
    ['InService on a late increase', { live: { stable: 50, candidate: 50 } }, 'REORDER'],
    ['the pair has no traffic at all (moved elsewhere)', { live: { stable: 0, candidate: 0 } }, 'REORDER'],
    ['never ordered (order refused) and not stable', { live: CANARY, msSinceOrder: Number.POSITIVE_INFINITY }, 'REORDER'],
    ['the budget ran out on the old split', { live: CANARY, msLeft: 0 }, 'GIVE_UP'],
    ['the budget ran out while Updating', { status: 'Updating', live: CANARY, msLeft: -5 }, 'GIVE_UP'],
    ['the endpoint Failed', { status: 'Failed', live: CANARY }, 'GIVE_UP'],
    ['the endpoint is being deleted', { status: 'Deleting', live: CANARY }, 'GIVE_UP'],
  ])('%s → %s', (_name, o, kind) => {
    expect(nextRestoreStep(obs(o), GRACE).kind).toBe(kind);
  });

  it('names the status and the live split in its reason', () => {
    expect(nextRestoreStep(obs({ live: CANARY, msLeft: 0 }), GRACE).reason)
      .toBe('endpoint InService with stable 90% / candidate 10% when the rollback\'s time ran out');
  });
});
