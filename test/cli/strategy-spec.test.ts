/** `--strategy`: every strategy, as a spec and as the name the CLI prints, gives the plan the builders make. */
import { allAtOnce, blueGreen, canary, linear, shadowFirst } from '../../lambda/core/rollout';
import { nativeCanary } from '../../sim';
import { DEFAULT_SHADOW_GATES, parseStrategy, planFromStrategy } from '../../bin/cli/strategy-spec';
import { runCli } from './support';

const SPECS = [
  'canary:10:300', 'linear:25:60', 'linear:2.5:30', 'all-at-once', 'blue-green:600:300', 'blue-green:600',
  'steps:1,5,25,100:120', 'shadow:600:canary:10:300', 'shadow-first:300:steps:5,50,100:60', 'native-canary:4:300',
  'native-canary:2:120:60',
];

describe('strategy specs', () => {
  it('parse to the builders\' plans', () => {
    expect(planFromStrategy('canary:10:300')).toEqual(canary(10, 300));
    expect(planFromStrategy('linear:25:60')).toEqual(linear(25, 60));
    expect(planFromStrategy('all-at-once')).toEqual(allAtOnce());
    expect(planFromStrategy('blue-green:600')).toEqual(blueGreen(600, 0));
    expect(planFromStrategy('shadow:600:canary:10:300', { minInvocationsPerStep: 50 }))
      .toEqual(shadowFirst(600, DEFAULT_SHADOW_GATES, canary(10, 300, { minInvocationsPerStep: 50 })));
    expect(planFromStrategy('CANARY_10PERCENT_5MINUTES')).toEqual(canary(10, 300));
    expect(planFromStrategy('LINEAR_10PERCENT_EVERY_1MINUTE')).toEqual(linear(10, 60));
    const native = parseStrategy('native-canary:4:300');
    const expected = nativeCanary({ instanceCount: 4, waitIntervalSeconds: 300 });
    expect(native.plan.steps).toEqual(expected.plan.steps);
    expect(native.simulation).toEqual({ alarm: expected.alarm, controller: expected.controller });
  });

  it('print names that parse back to the same plan', () => {
    for (const spec of SPECS) {
      const first = parseStrategy(spec);
      expect({ spec, again: parseStrategy(first.plan.name) }).toEqual({ spec, again: first });
    }
    expect(planFromStrategy('shadow-600s-then-linear-10%-every-60s')).toEqual(
      shadowFirst(600, DEFAULT_SHADOW_GATES, linear(10, 60)));
  });

  it('simulate accepts each of them, the printed name included', async () => {
    for (const spec of SPECS) {
      const r = await runCli(['simulate', '--strategy', spec, '--seeds', '1', '--rps', '2', '--json']);
      expect({ spec, code: r.code }).toEqual({ spec, code: 0 });
      const name = JSON.parse(r.out).plan;
      const again = await runCli(['simulate', '--strategy', name, '--seeds', '1', '--rps', '2', '--json']);
      expect(JSON.parse(again.out)).toEqual(JSON.parse(r.out));
    }
  });

  it('takes shadow gates from the flags', async () => {
    const r = await runCli(['simulate', '--strategy', 'shadow:300:canary:10:60', '--shadow-min-requests', '7',
      '--shadow-max-p99-ratio', '1.5', '--shadow-max-error-increase', '0.02', '--seeds', '1', '--json']);
    expect(r.code).toBe(0);
  });
});
