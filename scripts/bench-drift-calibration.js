#!/usr/bin/env node
// Sample-size study of the drift decision: simulated windows of 50 … 100,000 records with no drift (false alarms)
// and with shifts (detection), through the production accumulator, comparison and decision. Prints a table of the
// share of windows flagged per rule. Env: BENCH_CALIBRATION_WINDOWS (default 400; fewer for the largest sizes).
const path = require('path');
const mon = require(path.join(__dirname, '..', 'dist', 'lambda', 'core', 'monitoring'));

const sizes = [50, 100, 500, 1000, 5000, 10000, 100000];
const baseWindows = Number(process.env.BENCH_CALIBRATION_WINDOWS ?? 400);
const scenarios = [
  { label: 'no drift', shift: 0, categoryShift: 0 },
  { label: 'x +0.05 sd (below threshold)', shift: 0.05, categoryShift: 0 },
  { label: 'x +0.5 sd, c 15% a->d', shift: 0.5, categoryShift: 0.15 },
  { label: 'x +1 sd, c 30% a->d', shift: 1, categoryShift: 0.3 },
];
const baseline = mon.calibrationBaseline(1, 20000);
const pct = (x) => `${(100 * x).toFixed(1)}%`.padStart(7);
console.log(`drift-calibration: baseline 20,000 records (x ~ N(0,1); c in a/b/c/d at 40/30/20/10%); threshold 0.1, linf_robust c = 1.8; budget ${100 * mon.FALSE_ALARM_BUDGET}% false alarms per feature and window`);
console.log('scenario                        | window | windows | robust (x) | simple (x) | KS p<0.05 (x) | robust (c)');
let seed = 100;
let worstNull = 0;
for (const s of scenarios) {
  for (const size of sizes) {
    const windows = size >= 100000 ? Math.max(20, Math.floor(baseWindows / 8)) : size >= 10000 ? Math.max(50, Math.floor(baseWindows / 2)) : baseWindows;
    const r = mon.simulateCalibration(baseline, { size, shift: s.shift, categoryShift: s.categoryShift, windows, seed: seed++ });
    if (s.shift === 0) worstNull = Math.max(worstNull, r.robust, r.categorical);
    console.log(`${s.label.padEnd(31)} | ${String(size).padStart(6)} | ${String(windows).padStart(7)} | ${pct(r.robust).padStart(10)} | ${pct(r.simple).padStart(10)} | ${pct(r.pValue05).padStart(13)} | ${pct(r.categorical).padStart(10)}`);
  }
}
console.log(`drift-calibration: worst false-alarm rate of the decision ${pct(worstNull).trim()} (budget ${100 * mon.FALSE_ALARM_BUDGET}%)`);
