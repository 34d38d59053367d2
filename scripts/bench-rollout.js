#!/usr/bin/env node
// Benchmarks rollout strategies with the simulator in sim/ (compiled to dist/ by `tsc`):
// how many failed requests a bad candidate serves to users before traffic is back on the stable model, and how
// long a good candidate takes to reach 100%. Measures only; nothing here asserts.
//
// "Bad requests" = failed (5XX) requests answered by the candidate to users before the rollback takes effect
// (shadow copies are never answered to users, so they do not count). The floor it is compared with uses the
// same definition: canary share x request rate x detection window x error rate, where the detection window is
// the least time the alarm needs, datapointsToAlarm x 60 s — i.e. the failures an ideal system with no
// publication, evaluation or API delays would still serve.
const path = require('path');
const fs = require('fs');

const dist = path.join(__dirname, '..', 'dist');
if (!fs.existsSync(path.join(dist, 'sim', 'index.js'))) {
  console.error('dist/sim/index.js is missing: run `npx tsc -p tsconfig.json` first');
  process.exit(1);
}
const sim = require(path.join(dist, 'sim', 'index.js'));
const rollout = require(path.join(dist, 'lambda', 'core', 'rollout', 'index.js'));
const { benchGates, benchTenSecondRollout } = require('./bench-rollout-10s.js');
const { benchApiBudget } = require('./bench-api-budget.js');

const { RATE, HORIZON, STABLE, BAD, GOOD, ALARM, MINIMUM } = require('./bench-scenario.js');

const SEEDS = Number(process.env.BENCH_SEEDS || 50);
const GATES = { maxErrorRateIncrease: 0.01, maxP99LatencyRatio: 1.2, minRequests: 200 };

const strategies = [
  { name: 'CANARY_10PERCENT_5MINUTES', options: { plan: rollout.canary(10, 300) } },
  { name: 'CANARY_10PERCENT_5MINUTES without the probe', options: { plan: rollout.canary(10, 300, { probe: false }) } },
  { name: 'LINEAR_10PERCENT_EVERY_1MINUTE', options: { plan: rollout.linear(10, 60) } },
  { name: 'BLUE_GREEN (bake 5 min, old fleet warm 10 min)', options: { plan: rollout.blueGreen(300, 600) } },
  { name: 'ALL_AT_ONCE', options: { plan: rollout.allAtOnce() } },
  { name: 'SHADOW_5MINUTES_THEN_CANARY_10PERCENT_5MINUTES',
    options: { plan: rollout.shadowFirst(300, GATES, rollout.canary(10, 300)) } },
  { name: 'SAGEMAKER_NATIVE_CANARY (1 of 2 instances, wait 5 min)',
    options: sim.nativeCanary({ instanceCount: 2, canaryInstances: 1, waitIntervalSeconds: 300 }) },
];

function run(strategy, candidate) {
  const o = strategy.options;
  return sim.simulateMany({
    requestsPerSecond: RATE, stable: STABLE, candidate, horizonSeconds: HORIZON, seed: 1, ...o,
    alarm: { ...ALARM, ...(o.alarm || {}) },
  }, SEEDS);
}

const meanOf = (b, key) => b.results.reduce((a, r) => a + (r[key] || 0), 0) / b.results.length;
const fmt = (x, digits = 0) => (x === undefined ? '-' : x.toFixed(digits));
const outcomes = (b) => Object.entries(b.outcomes).map(([k, v]) => `${k} ${v}/${b.runs}`).join(', ');

function table(title, rows, columns) {
  console.log(`\n${title}`);
  const cells = [columns.map((c) => c[0]), ...rows.map((r) => columns.map((c) => c[1](r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => String(row[i]).length)));
  cells.forEach((row, n) => {
    console.log(row.map((v, i) => String(v).padEnd(widths[i])).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

console.log(`rollout bench: ${RATE} req/s, ${SEEDS} seeded runs per row (start second and alarm evaluation second vary),`);
console.log('CloudWatch: 1-minute datapoints published 60-75 s after the minute, alarm Average(Invocation5XXErrors) > 0.05,');
console.log(`1 of 1 periods, missing = not breaching, evaluated once a minute. Controller: checks every 10 s and applies`);
console.log('the same rule to published datapoints (metric guard), alarm events invoke it within 2 s; shifts take 10 s,');
console.log('a rollback 5 s. SageMaker-native: endpoint-wide alarm read every 10 s, no metric guard, no alarm event.');
console.log('Probe (default, lambda/core/rollout/probe.ts): while a step bakes, 10 captured requests per check to the candidate');
console.log('(at most 100 per bake), judged at once by an SPRT of 1% vs 5% errors, alpha 0.01 per rollout.');
console.log('Bad requests = 5XX answered by the candidate to users before the rollback took effect (mean [min-max]).');

const bad = strategies.map((s) => ({ s, b: run(s, BAD) }));
table('Candidate whose 5XX rate is 20%:', bad, [
  ['strategy', (r) => r.s.name],
  ['outcome', (r) => outcomes(r.b)],
  ['bad requests', (r) => `${fmt(r.b.meanBadRequests, 1)} [${r.b.minBadRequests}-${r.b.maxBadRequests}]`],
  ['s to rollback', (r) => fmt(r.b.meanSecondsToRollback)],
  ['probe requests', (r) => fmt(meanOf(r.b, 'probeRequests'), 1)],
]);
const good = strategies.map((s) => ({ s, b: run(s, GOOD) }));
table('Good candidate (5XX 0.1%, like the stable model):', good, [
  ['strategy', (r) => r.s.name],
  ['outcome', (r) => outcomes(r.b)],
  ['s to 100%', (r) => fmt(r.b.meanSecondsTo100Percent)],
  ['5XX served (baseline noise)', (r) => fmt(r.b.meanBadRequests, 1)],
  ['probe requests (cost)', (r) => fmt(meanOf(r.b, 'probeRequests'), 1)],
]);

const canary = bad[0].b;
const native = bad[bad.length - 1].b;
const minimum = MINIMUM;
// Scale: what each endpoint with a VariantRollout adds to a stack (the rollout machinery itself is shared).
const { resourcesPerEndpoint } = require('./rollout-scale.js');
const scale = resourcesPerEndpoint(require('../dist/lib'), require('aws-cdk-lib'), 30);
console.log(`\nresources: shared ${scale.shared}, each additional endpoint with its rollout adds ${scale.perEndpoint} ` +
  `(${Object.entries(scale.perEndpointByType).map(([t, n]) => `${n} ${t}`).join(', ')}); ` +
  `30 endpoints: ${scale.total} of CloudFormation's 500`);

const tenSecondRuns = Number(process.env.BENCH_10S_RUNS || 1000);
const tenS = benchTenSecondRollout({ sim, rollout, RATE, STABLE, BAD, GOOD, ALARM, HORIZON, minimum }, tenSecondRuns);
benchGates({ sim, rollout, RATE, STABLE }, Number(process.env.BENCH_GATE_RUNS || 1000), Number(process.env.BENCH_GATE_DETECT_RUNS || 400));
benchApiBudget(rollout);

console.log('\nminimum = canary share 0.10 x rate x detection window (datapointsToAlarm x 60 s) x 5XX rate 0.20;');
console.log('exposure-ratio = mean bad requests / minimum.');

console.log(`rollout: canary10 bad-requests=${Math.round(canary.meanBadRequests)} minimum=${Math.round(minimum)} ` +
  `exposure-ratio=${(canary.meanBadRequests / minimum).toFixed(2)} ` +
  `native-canary-bad-requests=${Math.round(native.meanBadRequests)}`);
console.log(`rollout-10s: canary10 bad-requests=${Math.round(tenS.bad)} minimum=${Math.round(minimum)} ` +
  `exposure-ratio=${tenS.ratio.toFixed(2)} detect-seconds=${tenS.detect} false-rollbacks=${tenS.falseRollbacks}/${tenSecondRuns}`);
