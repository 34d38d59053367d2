#!/usr/bin/env node
// Calibration of the drift decision (docs/drift-statistics.md): feature types x window sizes x changes, every cell
// at least 400 seeded windows through the production accumulator, comparison and decision (dist/sim/drift), beside
// a reference test at the same level on the same samples: the two-sample KS test for numbers, Pearson's chi-square
// for categories (scripts/drift-calibration-reference.js, from their textbook definitions). The baseline of each
// feature type is one seeded training sample of 20,000 values, as a deployed monitor has one baseline.
//
// Prints a table and, last, `drift-calibration: worst-false-alarm-pct=<..> budget-pct=<..> power-vs-ks=<..>`:
//   worst-false-alarm-pct  the largest share of no-change windows the library flagged, over feature types and sizes;
//   budget-pct             the decision's false-alarm budget;
//   power-vs-ks            the median, over cells whose change is at least the effect size (its population value:
//                          the KS distance of 1,000,000 draws before and after, or the share moved), of the
//                          library's detection divided by the reference test's (cells where neither detects skipped).
// Env: BENCH_CALIBRATION_WINDOWS (400 a cell), BENCH_CALIBRATION_NULL_WINDOWS (4,000 for the no-change cells up to
// 1,000 records, where the library can flag: their rates are measured to about +-0.3 points),
// BENCH_CALIBRATION_SIZES (comma-separated; default 50,100,200,500,1000,5000,10000,100000), BENCH_CALIBRATION_CHANGES
// (comma-separated change labels, e.g. `none`; default all): smaller runs while working, not the documented table.
// `--dump <file>` writes a few cells' samples with both verdicts for scripts/drift-calibration-scipy.py.
const fs = require('fs');
const path = require('path');
const sim = require(path.join(__dirname, '..', 'dist', 'sim', 'drift'));
const { DRIFT_DECISION_DEFAULTS } = require(path.join(__dirname, '..', 'dist', 'contracts', 'drift-monitor'));
const { SeededRandom } = require(path.join(__dirname, '..', 'dist', 'lambda', 'core', 'stats'));
const ref = require('./drift-calibration-reference');

const SIZES = (process.env.BENCH_CALIBRATION_SIZES ?? '50,100,200,500,1000,5000,10000,100000').split(',').map(Number);
const WINDOWS = Number(process.env.BENCH_CALIBRATION_WINDOWS ?? 400);
const NULL_WINDOWS = Number(process.env.BENCH_CALIBRATION_NULL_WINDOWS ?? 4000);
const ONLY_CHANGES = process.env.BENCH_CALIBRATION_CHANGES?.split(',');
const POPULATION_DRAWS = 1_000_000;
const budget = DRIFT_DECISION_DEFAULTS.falseAlarmBudget;
const effect = DRIFT_DECISION_DEFAULTS.numericEffect;
const dumpAt = process.argv.indexOf('--dump');
const dumpFile = dumpAt > 0 ? process.argv[dumpAt + 1] : undefined;
// Cells whose samples the scipy cross-check reads (feature type, change, size), 60 windows each.
const DUMP_CELLS = [
  ['normal', 'none', 50], ['heavy-tailed (t, 3 df)', 'mean +0.5 SD', 100], ['whole numbers', 'variance x1.5', 1000],
  ['half-points 0.5-5', 'mean +0.2 SD', 200], ['30% zeros + lognormal', 'mean +0.5 SD', 500],
  ['categorical (4)', 'share +10 pts', 200], ['categorical (40)', 'share -5 pts', 1000],
];
const DUMP_WINDOWS = 60;

/** The change's size in the effect's statistic, between the populations (large samples; exact for shares). */
function populationEffect(type, change, seed) {
  if (type.kind === 'categorical') {
    const after = sim.changedShares(type, change);
    return Math.max(...type.shares.map((p, k) => Math.abs(after[k] - p)));
  }
  const r = new SeededRandom(seed);
  const before = new Float64Array(POPULATION_DRAWS);
  const after = new Float64Array(POPULATION_DRAWS);
  for (let i = 0; i < POPULATION_DRAWS; i++) before[i] = type.draw(r, sim.NO_CHANGE);
  for (let i = 0; i < POPULATION_DRAWS; i++) after[i] = type.draw(r, change);
  return ref.ksStatistic(before.sort(), after.sort());
}

const pct = (x) => (100 * x).toFixed(1);
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const dump = [];
const rows = [];
console.log(`drift-calibration: baselines of ${sim.CALIBRATION_BASELINE_SIZE} values; decision: KS distance >= ${effect.size} `
  + `(categories: share change >= ${DRIFT_DECISION_DEFAULTS.categoricalEffect}) and p <= ${budget}; reference: `
  + `two-sample KS / Pearson chi-square at p <= ${budget} on the same samples`);
console.log('| feature | change | effect | window | windows | library flags | reference flags |');
console.log('|---|---|---|---|---|---|---|');
sim.FEATURE_TYPES.forEach((type, t) => {
  const base = sim.calibrationBaseline(type, 100 + t);
  const changes = type.kind === 'numeric' ? sim.NUMERIC_CHANGES : sim.CATEGORICAL_CHANGES;
  changes.forEach((change, c) => {
    if (ONLY_CHANGES && !ONLY_CHANGES.includes(change.label)) return;
    const population = change === sim.NO_CHANGE ? 0 : populationEffect(type, change, 9000 + 10 * t + c);
    for (const size of SIZES) {
      const windows = change === sim.NO_CHANGE && size <= 1000 ? Math.max(WINDOWS, NULL_WINDOWS) : WINDOWS;
      const dumped = DUMP_CELLS.some(([n, l, s]) => n === type.name && l === change.label && s === size) && dumpFile ? [] : undefined;
      let reference = 0;
      const flagged = sim.runCalibrationCell(base, { change, size, windows, seed: 100000 * (t + 1) + 1000 * c + SIZES.indexOf(size) }, {}, (sample, feature) => {
        const judged = type.kind === 'numeric' ? ref.ksTest(Float64Array.from(sample).sort(), base.values) : ref.chiSquareTest(sample, base.categoryCounts);
        if (judged.pvalue <= budget) reference++;
        if (dumped && dumped.length < DUMP_WINDOWS) {
          dumped.push({ sample: type.kind === 'numeric' ? Array.from(sample) : Array.from(sample), reference: judged, library: { drift: feature.drift, pValue: feature.decision.test.pValue } });
        }
      });
      if (dumped) {
        dump.push({ feature: type.name, kind: type.kind, change: change.label, size, baseline: Array.from(type.kind === 'numeric' ? base.values : base.categoryCounts), windows: dumped });
      }
      const row = { type: type.name, change: change.label, population, size, windows, library: flagged / windows, reference: reference / windows };
      rows.push(row);
      console.log(`| ${type.name} | ${change.label} | ${change === sim.NO_CHANGE ? '-' : population.toFixed(3)} | ${size} | ${windows} | ${pct(row.library)}% | ${pct(row.reference)}% |`);
    }
  });
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const worst = Math.max(...rows.filter((r) => r.change === 'none').map((r) => r.library));
const effectOf = (r) => (sim.FEATURE_TYPES.find((t) => t.name === r.type).kind === 'numeric' ? effect.size : DRIFT_DECISION_DEFAULTS.categoricalEffect);
const qualifying = rows.filter((r) => r.change !== 'none' && r.population + 1e-12 >= effectOf(r) && (r.library > 0 || r.reference > 0));
const ratios = qualifying.map((r) => (r.reference > 0 ? r.library / r.reference : Infinity));
if (dumpFile) fs.writeFileSync(dumpFile, JSON.stringify({ budget, cells: dump }));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
console.log(`drift-calibration: ${rows.length} cells, ${rows.reduce((s, r) => s + r.windows, 0)} windows; power-vs-ks over ${qualifying.length} cells `
  + `(change >= effect size), ratio min ${Math.min(...ratios).toFixed(2)}; ${seconds.toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`);
console.log(`drift-calibration: worst-false-alarm-pct=${pct(worst)} budget-pct=${pct(budget)} power-vs-ks=${median(ratios).toFixed(2)}`);
