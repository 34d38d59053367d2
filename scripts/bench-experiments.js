// Rollout gate benchmark (npm run bench -- experiments): false-rollback rate of a candidate as good as stable, and
// detection time of a bad one, under continuous checking of lambda/core/experiments' sequentialGate.
// Traffic: Poisson requests, a canary share to the candidate; 5XX Bernoulli per request; latency lognormal per
// request. The gate is checked at every controller poll on the cumulative counts since the canary started.
const path = require('path');
const { sequentialGate, twoProportionZTest, welchTTest } = require(path.join(__dirname, '..', 'dist', 'lambda', 'core', 'experiments'));

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand, lambda) {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do { k++; p *= rand(); } while (p > l);
  return k - 1;
}

function normal(rand) {
  return Math.sqrt(-2 * Math.log(rand() || 1e-300)) * Math.cos(2 * Math.PI * rand());
}

function arm() { return { requests: 0, errors: 0, n: 0, mean: 0, m2: 0 }; }

function serve(rand, a, profile) {
  a.requests++;
  if (rand() < profile.errorRate) { a.errors++; return; }
  const x = profile.latencyMedianMs * Math.exp(0.35 * normal(rand));
  a.n++;
  const d = x - a.mean;
  a.mean += d / a.n;
  a.m2 += d * (x - a.mean);
}

const summary = (a) => ({ n: a.n, mean: a.mean, variance: a.n > 1 ? a.m2 / (a.n - 1) : 0 });

/** One run: the second the gate first says WORSE, or undefined within the horizon. */
function run(o, seed) {
  const rand = prng(seed);
  const s = arm();
  const c = arm();
  for (let t = 1; t <= o.horizonSeconds; t++) {
    const n = poisson(rand, o.requestsPerSecond);
    for (let i = 0; i < n; i++) {
      if (rand() < o.canaryShare) serve(rand, c, o.candidate); else serve(rand, s, o.stable);
    }
    if (t % o.checkIntervalSeconds === 0) {
      if (o.naive) {
        // For contrast: fixed-horizon tests (alpha/2 each) re-run at every look, as a naive dashboard would.
        if (c.requests < o.minRequests) continue;
        const z = twoProportionZTest(s.errors, s.requests, c.errors, c.requests);
        const cs = summary(c);
        const ss = summary(s);
        const w = welchTTest({ nA: ss.n, meanA: ss.mean, varA: ss.variance, nB: cs.n, meanB: cs.mean, varB: cs.variance });
        if ((z.statistic > 0 && z.pValue < o.alpha / 2) || (w.statistic > 0 && w.pValue < o.alpha / 2)) return { at: t, detail: 'naive' };
        continue;
      }
      const v = sequentialGate({
        stable5xx: s, candidate5xx: c, stableLatency: summary(s), candidateLatency: summary(c),
        alpha: o.alpha, minRequests: o.minRequests,
      });
      if (v.verdict === 'WORSE') return { at: t, detail: v.detail };
    }
  }
  return undefined;
}

function benchExperiments(runs = Number(process.env.EXPERIMENTS_SEEDS ?? 400)) {
  const base = {
    requestsPerSecond: 20, canaryShare: 0.1, checkIntervalSeconds: 10, horizonSeconds: 3600, alpha: 0.05, minRequests: 200,
    stable: { errorRate: 0.001, latencyMedianMs: 40 },
  };
  const good = { ...base, candidate: { ...base.stable } };
  let falseRollbacks = 0;
  for (let i = 0; i < runs; i++) if (run(good, 1000 + i)) falseRollbacks++;
  let naive = 0;
  for (let i = 0; i < runs; i++) if (run({ ...good, naive: true }, 1000 + i)) naive++;
  const looks = base.horizonSeconds / base.checkIntervalSeconds;
  console.log(`gate: ${base.requestsPerSecond} req/s, ${base.canaryShare * 100}% to the candidate, checked every ${base.checkIntervalSeconds} s for ${base.horizonSeconds} s (${looks} looks), alpha ${base.alpha}, ${runs} seeds`);
  console.log(`contrast: fixed-horizon z and Welch tests re-run at every look: false-rollback-rate=${(naive / runs).toFixed(3)} (${naive}/${runs})`);
  const bad = [
    ['5xx 0.1% -> 2%', { errorRate: 0.02, latencyMedianMs: 40 }],
    ['5xx 0.1% -> 0.5%', { errorRate: 0.005, latencyMedianMs: 40 }],
    ['latency +25%', { errorRate: 0.001, latencyMedianMs: 50 }],
  ];
  const detections = [];
  for (const [name, candidate] of bad) {
    const times = [];
    let missed = 0;
    for (let i = 0; i < Math.min(runs, 100); i++) {
      const r = run({ ...base, candidate }, 5000 + i);
      if (r) times.push(r.at); else missed++;
    }
    times.sort((a, b) => a - b);
    const median = times.length ? times[Math.floor(times.length / 2)] : NaN;
    const p90 = times.length ? times[Math.min(times.length - 1, Math.floor(times.length * 0.9))] : NaN;
    console.log(`gate detection ${name}: median ${median} s, p90 ${p90} s, missed ${missed}/${Math.min(runs, 100)} within ${base.horizonSeconds} s`);
    detections.push(`${name.replace(/ /g, '')}=${median}s`);
  }
  console.log(`gate alone (this file's driver): false-rollback-rate=${(falseRollbacks / runs).toFixed(3)} (${falseRollbacks}/${runs}, alpha ${base.alpha}) detection-median ${detections.join(' ')}`);
  benchGateInSimulator(runs);
}

/**
 * The same gate inside a rollout, with the simulator (sim/) driving the real policy: canary 10% baked for an hour,
 * the plan's statisticalGate checked at every controller check (10 s) on the complete published CloudWatch minutes
 * since the candidate was first ordered traffic (lambda/core/rollout/variant-comparison.ts, as the deployed controller
 * reads them); alarms and the probe are out of the way (threshold 1, probe off) so only the gate can roll back.
 * Two plans: the 5XX gate alone, and 5XX + latency (maxLatencyIncreaseMs 0, alpha split 0.025 each). False
 * rollbacks: a candidate as good as stable; detection: seconds from the candidate's first request to the rollback
 * taking effect. Latency is lognormal per request (median 40 ms, sigma 0.35, so mean 42.6 ms).
 */
function benchGateInSimulator(runs) {
  const dist = path.join(__dirname, '..', 'dist');
  const sim = require(path.join(dist, 'sim'));
  const rollout = require(path.join(dist, 'lambda', 'core', 'rollout'));
  const gate = { alpha: 0.05, max5xxIncrease: 0, minRequests: 200 };
  const plans = [
    ['5xx gate', rollout.canary(10, 3600, { probe: false, statisticalGate: gate, maxHoldSeconds: 0 })],
    ['5xx+latency gate', rollout.canary(10, 3600, { probe: false, statisticalGate: { ...gate, maxLatencyIncreaseMs: 0 }, maxHoldSeconds: 0 })],
  ];
  const stable = { errorRate: 0.001, latencyMedianMs: 40 };
  const bad = [
    ['5xx 0.1% -> 2%', { ...stable, errorRate: 0.02 }, false],
    ['5xx 0.1% -> 0.5%', { ...stable, errorRate: 0.005 }, false],
    ['latency +10%', { ...stable, latencyMedianMs: 44 }, true],
    ['latency +25%', { ...stable, latencyMedianMs: 50 }, true],
  ];
  console.log(`gate in the simulator: canary 10% for 3600 s, 20 req/s, checked every 10 s (360 looks), complete minutes only ` +
    `(${rollout.METRIC_SETTLE_SECONDS} s settle), latency after ${rollout.LATENCY_MIN_MINUTES} shared minutes, alpha ${gate.alpha}, ${runs} seeds`);
  for (const [label, plan] of plans) {
    const o = { plan, requestsPerSecond: 20, stable, horizonSeconds: 3700, alarm: { threshold: 1 } };
    const good = sim.simulateMany({ ...o, candidate: { ...stable }, seed: 1000 }, runs);
    const falseRollbacks = good.results.filter((r) => r.cause === 'STATISTICAL_GATE').length;
    const detections = [];
    for (const [name, candidate, latency] of bad) {
      if (latency && plan.statisticalGate.maxLatencyIncreaseMs === undefined) continue;
      const n = Math.min(runs, 100);
      const res = sim.simulateMany({ ...o, candidate, seed: 5000 }, n);
      const times = res.results.filter((r) => r.cause === 'STATISTICAL_GATE').map((r) => r.secondsToRollback).sort((a, b) => a - b);
      const median = times.length ? times[Math.floor(times.length / 2)] : NaN;
      const p90 = times.length ? times[Math.min(times.length - 1, Math.floor(times.length * 0.9))] : NaN;
      console.log(`${label} in the simulator, detection ${name}: median ${median} s, p90 ${p90} s, missed ${n - times.length}/${n} within 3600 s`);
      detections.push(`${name.replace(/ /g, '')}=${median}s`);
    }
    const tag = plan.statisticalGate.maxLatencyIncreaseMs === undefined ? 'experiments' : 'experiments-latency';
    console.log(`${tag}: false-rollback-rate=${(falseRollbacks / runs).toFixed(3)} (${falseRollbacks}/${runs}, alpha ${gate.alpha}, ${label}, simulator) ` +
      `detection-median ${detections.join(' ')}`);
  }
}

module.exports = { benchExperiments, benchGateInSimulator, run };
if (require.main === module) benchExperiments();
