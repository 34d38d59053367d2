/** Every outcome that is not PROMOTED is explained with the numbers that caused it and what to change. */
import { CAUSES, explainOutcomes } from '../../bin/cli/explain';
import { simulationOptions } from '../../bin/cli/simulate';
import { canary } from '../../lambda/core/rollout';
import { SimulationOptions, SimulationResult } from '../../sim';
import { runCli } from './support';

const base: SimulationOptions = {
  plan: canary(10, 300), requestsPerSecond: 0.05, stable: { errorRate: 0.001 }, candidate: { errorRate: 0.001 },
};
const run = (outcome: string, cause?: string): SimulationResult => ({
  plan: 'p', outcome, rolledBack: cause !== undefined, candidateRequests: 0, badRequests: 0, probeRequests: 0,
  ...(cause ? { cause } : {}), decisions: [{ second: 1, kind: 'FAIL', reason: 'the policy\'s reason' }], signals: [], effects: [],
});

describe('explanations of simulated outcomes', () => {
  it('explain every end cause the policy has, with a fix', () => {
    for (const [cause, explain] of Object.entries(CAUSES)) {
      const e = explain({ o: base, plan: base.plan, perMinuteAtFirstStep: 0.3, firstPercent: 10 });
      expect({ cause, why: e.why.length > 20, fix: e.fix.length > 10 }).toEqual({ cause, why: true, fix: true });
    }
  });

  it('group runs by outcome and cause; promoted runs need none', () => {
    const list = explainOutcomes([run('PROMOTED'), run('FAILED', 'LOW_TRAFFIC'), run('FAILED', 'LOW_TRAFFIC'),
      run('BAKING')], base);
    expect(list.map((e) => [e.outcome, e.cause, e.runs])).toEqual([['FAILED', 'LOW_TRAFFIC', 2], ['BAKING', undefined, 1]]);
    // 0.05 req/s × 60 s × 10% = 0.3 candidate requests a minute.
    expect(list[0].why).toContain('at 0.05 req/s and 10% the candidate gets about 0.3 requests a minute');
    expect(list[0].example).toBe('the policy\'s reason');
    expect(list[1].why).toContain('still BAKING when the simulation stopped at --horizon 7200 s');
  });

  it('simulate prints why low traffic FAILED and what to change', async () => {
    const r = await runCli(['simulate', '--strategy', 'canary:10:300', '--rps', '0.05', '--seeds', '2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('outcomes:            FAILED 2');
    expect(r.out).toContain('FAILED (LOW_TRAFFIC) in 2 run(s): a baked step did not see --min-invocations 30');
    expect(r.out).toContain('what to change: a larger first step');
    const json = JSON.parse((await runCli(['simulate', '--rps', '0.05', '--seeds', '2', '--json'])).out);
    expect(json.explanations).toHaveLength(1);
    expect(json.explanations[0]).toMatchObject({ outcome: 'FAILED', cause: 'LOW_TRAFFIC', runs: 2 });
  });

  it('maps the flags to simulation options', () => {
    const o = simulationOptions({ strategy: 'canary:10:300', rps: 3, stableErrorRate: 0, candidateErrorRate: 0.1,
      degradeAt: 60, degradeErrorRate: 0.5, alarmThreshold: 0.02, evaluationPeriods: 3, datapointsToAlarm: 2,
      metricGuard: false, alarmEvent: true, seeds: 1, seed: 4, horizon: 100, minInvocations: 5 });
    expect(o).toMatchObject({ requestsPerSecond: 3, candidate: { errorRate: 0.1, degrade: { atSecond: 60, errorRate: 0.5 } },
      alarm: { threshold: 0.02, evaluationPeriods: 3, datapointsToAlarm: 2 }, controller: { metricGuard: false,
        rollbackOnAlarmEvent: true }, horizonSeconds: 100, seed: 4 });
    expect(o.plan.minInvocationsPerStep).toBe(5);
  });
});
