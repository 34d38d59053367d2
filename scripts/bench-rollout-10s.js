// Ten-second signals in the rollout simulator (part of `npm run bench -- rollout`): the default strategy with the
// endpoint publishing every 10 s (MetricsConfig), high-resolution alarms and the gate's sequential count test of 5XX
// errors (lambda/core/rollout/statistical-gate.ts, which runs it on sub-minute data at alpha 0.01 when the strategy
// has no statisticalGate), without the probe; then today's statistical gate (1-minute data) against the count test
// (10-second data) on the same scenarios. Measures only; nothing here asserts.
//
// Assumptions (docs/ten-second-signals.md, "what only a real account proves"): a 10 s datapoint is visible 10 s after
// its period ends plus up to 2.5 s (the one-minute defaults scaled: one period late, a quarter period of jitter);
// CloudWatch evaluates 10 s / 30 s alarms every 10 s.

/**
 * The candidate's 5XX alarm on 10 s datapoints: today's rule (1 of 1 periods above the threshold) on a 30 s period,
 * which pools three datapoints (a 10 s period at 1 of 1 rolls good candidates back on single errors: test/sim).
 */
const ALARM_10S = { periodSeconds: 30, evaluationPeriods: 1, datapointsToAlarm: 1 };

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

/**
 * The `rollout-10s` line and its variants. `ctx`: { sim, rollout, RATE, STABLE, BAD, GOOD, ALARM, HORIZON, minimum }.
 */
/**
 * One setting of the ten-second rollout (the default strategy without the probe, 10 s datapoints, the 30 s alarm):
 * `runs` runs of the bad candidate and `runs` of a good one. `ctx`: { sim, rollout, RATE, STABLE, BAD, GOOD, ALARM,
 * HORIZON, minimum } (bench-scenario.js); `overrides`: { plan, metrics, alarm } changes.
 */
function tenSecondScenario(ctx, runs, label, overrides = {}) {
  const { sim, rollout } = ctx;
  const o = {
    requestsPerSecond: ctx.RATE, stable: ctx.STABLE, horizonSeconds: ctx.HORIZON, seed: 1,
    plan: rollout.canary(10, 300, { probe: false, ...(overrides.plan || {}) }),
    metrics: { periodSeconds: 10, ...(overrides.metrics || {}) },
    alarm: { ...ctx.ALARM, ...ALARM_10S, ...(overrides.alarm || {}) },
  };
  const bad = sim.simulateMany({ ...o, candidate: ctx.BAD }, runs);
  const good = sim.simulateMany({ ...o, candidate: ctx.GOOD }, runs);
  return {
    label, bad: bad.meanBadRequests, ratio: bad.meanBadRequests / ctx.minimum,
    detect: median(bad.results.map((r) => r.secondsToRollbackOrder)),
    detectP90: quantile(bad.results.map((r) => r.secondsToRollbackOrder), 0.9),
    missed: runs - bad.rolledBackRuns, falseRollbacks: good.rolledBackRuns,
  };
}

function benchTenSecondRollout(ctx, runs) {
  const { rollout } = ctx;
  const scenario = (label, overrides) => tenSecondScenario(ctx, runs, label, overrides);
  const rows = [
    scenario('10 s datapoints (10 s late), 30 s alarm 1 of 1, count test, checks when a period turns countable, at most 10 s apart (5 s in a step\'s first 40 s)'),
    scenario('  same, 10 s alarm 2 of 3', { alarm: { periodSeconds: 10, evaluationPeriods: 3, datapointsToAlarm: 2 } }),
    scenario('  same, checks every 5 s', { plan: { checkIntervalSeconds: 5 } }),
    scenario('  same, datapoints 20 s late', { metrics: { publishDelaySeconds: 20 } }),
    scenario('  same, datapoints 30 s late', { metrics: { publishDelaySeconds: 30 } }),
  ];
  console.log(`\nTen-second signals: canary 10% / 5 min without the probe, ${runs} runs of a 20% 5XX candidate and ${runs} of a good one`);
  console.log(`(count test in the gate: lambda/core/rollout/statistical-gate.ts, alpha ${rollout.COUNT_TEST_DEFAULT_ALPHA}, at every check; detect = first candidate request to rollback order):`);
  for (const r of rows) {
    console.log(`${r.label}: bad requests ${r.bad.toFixed(1)} (ratio ${r.ratio.toFixed(2)}), detect median ${r.detect} s ` +
      `p90 ${r.detectP90} s, missed ${r.missed}/${runs}, false rollbacks ${r.falseRollbacks}/${runs}`);
  }
  return rows[0];
}

/**
 * Today's statistical gate (mSPRT on complete 1-minute CloudWatch minutes, the plan's alpha 0.05) against the count
 * test (10-second datapoints, alpha 0.01), each alone: canary 10% held for an hour, alarms out of the way (threshold
 * 1), no probe. False rollbacks of a candidate as good as stable; detection (first candidate request to rollback order)
 * of 0.1% -> 2% and 0.1% -> 0.5% 5XX.
 */
function benchGates(ctx, falseRuns, detectRuns) {
  const { sim, rollout } = ctx;
  const stable = ctx.STABLE;
  const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 };
  const gates = [
    ['today\'s gate (mSPRT, 1-minute data, alpha 0.05)', {
      plan: rollout.canary(10, 3600, { probe: false, statisticalGate: gate, maxHoldSeconds: 0 }),
      cause: (r) => r.cause === 'STATISTICAL_GATE' }],
    [`count test (10-second data, alpha ${rollout.COUNT_TEST_DEFAULT_ALPHA})`, {
      plan: rollout.canary(10, 3600, { probe: false, maxHoldSeconds: 0 }),
      metrics: { periodSeconds: 10 },
      cause: (r) => r.cause === 'STATISTICAL_GATE' }],
  ];
  console.log(`\nGates alone: canary 10% for 3600 s, ${ctx.RATE} req/s, alarms out of the way, no probe; ` +
    `false rollbacks over ${falseRuns} runs, detection over ${detectRuns} runs (first candidate request to rollback order):`);
  for (const [label, g] of gates) {
    const o = { plan: g.plan, requestsPerSecond: ctx.RATE, stable, horizonSeconds: 3700, alarm: { threshold: 1 },
      ...(g.metrics ? { metrics: g.metrics } : {}) };
    const good = sim.simulateMany({ ...o, candidate: { ...stable }, seed: 1000 }, falseRuns);
    const parts = [`false-rollbacks=${good.results.filter(g.cause).length}/${falseRuns}`];
    for (const [name, errorRate] of [['0.1%->2%', 0.02], ['0.1%->0.5%', 0.005]]) {
      const res = sim.simulateMany({ ...o, candidate: { ...stable, errorRate }, seed: 5000 }, detectRuns);
      const times = res.results.filter(g.cause).map((r) => r.secondsToRollbackOrder);
      parts.push(`${name} median=${median(times)}s p90=${quantile(times, 0.9)}s missed=${detectRuns - times.length}/${detectRuns}`);
    }
    console.log(`${label}: ${parts.join(' ')}`);
  }
}

module.exports = { benchTenSecondRollout, benchGates, tenSecondScenario, ALARM_10S };
