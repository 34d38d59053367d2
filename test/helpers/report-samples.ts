/**
 * Sample inputs of `cdk-mlops report`, made with the drift monitor's own code: an Iris-like baseline and one window in
 * which petal_length moved by about two standard deviations and the species mix changed, written as the monitor
 * writes a window (statistics.json, constraint_violations.json, summary.json); and an exported rollout whose canary
 * was rolled back by its candidate alarm. Seeded: the same files every run.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FeatureSchema } from '../../contracts/model-monitor';
import {
  baselineStatisticsFile, compareWithBaseline, computeBaseline, ingestCaptureLine, layoutOf, suggestConstraints, violationsFile,
  WindowAccumulator, windowStatisticsFile,
} from '../../lambda/core/monitoring';
import { SeededRandom } from '../../lambda/core/stats';
import type { RolloutHistoryRow, RolloutRecord } from '../../lambda/core/rollout';

export const SAMPLE_SCHEMA: FeatureSchema = {
  features: [
    { name: 'sepal_length', kind: 'numeric' }, { name: 'petal_length', kind: 'numeric' }, { name: 'species', kind: 'categorical' },
    { name: 'score', kind: 'numeric', source: 'output' },
  ],
};
const SPECIES = ['setosa', 'versicolor', 'virginica'];

function rows(seed: number, n: number, petalShift: number, mix: number[]) {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => ({
    sepal_length: 5.8 + 0.8 * r.normal(), petal_length: 3.8 + 1.7 * r.normal() + petalShift,
    species: SPECIES[r.pick(mix)], score: 1 / (1 + Math.exp(-r.normal())),
  }));
}

/** Writes the baseline (statistics.json, constraints.json) and the window's three files; returns their locations. */
export function writeSampleDriftWindow(dir: string): { window: string; baseline: string; constraints: string } {
  const base = rows(1, 5000, 0, [1 / 3, 1 / 3, 1 / 3]);
  const baseline = computeBaseline(SAMPLE_SCHEMA, Object.fromEntries(SAMPLE_SCHEMA.features.map((f) => [f.name, base.map((r) => r[f.name as keyof typeof r])])));
  const acc = new WindowAccumulator(baseline);
  const layout = layoutOf(SAMPLE_SCHEMA.features);
  rows(2, 800, 3.4, [0.1, 0.3, 0.6]).forEach((r, i) => ingestCaptureLine(acc, layout, JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: `${r.sepal_length},${r.petal_length},${r.species}`, encoding: 'CSV' },
      endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: `${r.score}`, encoding: 'CSV' },
    },
    eventMetadata: { eventId: `e-${i}`, inferenceTime: '2026-12-02T10:00:00Z' },
    eventVersion: '0',
  })));
  const summary = acc.summary('2026-12-02T10:00:00.000Z', '2026-12-02T10:15:00.000Z');
  const report = compareWithBaseline(baseline, summary);
  const window = path.join(dir, 'iris', 'blue', '2026-12-02T10:00:00.000Z');
  fs.mkdirSync(window, { recursive: true });
  fs.writeFileSync(path.join(window, 'statistics.json'), JSON.stringify(windowStatisticsFile(summary, baseline)));
  fs.writeFileSync(path.join(window, 'constraint_violations.json'), JSON.stringify(violationsFile(report)));
  fs.writeFileSync(path.join(window, 'summary.json'), JSON.stringify(summary));
  const baselinePath = path.join(dir, 'baseline-statistics.json');
  const constraintsPath = path.join(dir, 'baseline-constraints.json');
  fs.writeFileSync(baselinePath, JSON.stringify(baselineStatisticsFile(baseline)));
  fs.writeFileSync(constraintsPath, JSON.stringify(suggestConstraints(baseline)));
  return { window, baseline: baselinePath, constraints: constraintsPath };
}

const T0 = 1796205600; // 2026-12-02T10:00:00Z

/** A canary of green rolled back at 460 s when its 5XX alarm fired during the second bake. */
export function sampleRolloutExport(): { record: RolloutRecord; history: RolloutHistoryRow } {
  const alarm = 'cdk-mlops-rollout-CdkMlops-green-5xx';
  const reason = `rolling back to stable: alarm ${alarm} is in ALARM`;
  const record = {
    endpointName: 'iris', rolloutId: 'green-v7-1796205600', executionArn: 'arn:aws:states:eu-west-1:111111111111:execution:rollout:green-v7',
    stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'iris-v7', alarmNames: [alarm],
    plan: { name: 'canary-10%-300s' },
    state: {
      phase: 'ROLLED_BACK', stepIndex: 1, phaseStartedAt: T0 + 330, startedAt: T0, weights: { stable: 100, candidate: 0 },
      hooks: { preTraffic: 'PASSED', postTraffic: 'NOT_RUN' }, cause: 'ALARM', reason,
    },
    history: [
      { at: T0, kind: 'START', reason: 'rollout started (canary-10%-300s)' },
      { at: T0 + 5, kind: 'RUN_PRE_TRAFFIC_HOOK', reason: 'running pre-traffic hook before the candidate takes traffic' },
      { at: T0 + 30, kind: 'SHIFT', reason: 'pre-traffic hook passed: shifting to step 1/2 (stable 90% / candidate 10%)' },
      { at: T0 + 330, kind: 'SHIFT', reason: 'step 1 baked 300 s: shifting to step 2/2 (stable 0% / candidate 100%)' },
      { at: T0 + 460, kind: 'ROLLBACK', reason },
    ],
    updatedAt: T0 + 460,
  } as unknown as RolloutRecord;
  const history = {
    endpointName: 'iris', startKey: `000${T0}#green-v7-1796205600`, rolloutId: record.rolloutId, startedAt: T0, endedAt: T0 + 460,
    strategy: 'canary-10%-300s', stableVariant: 'blue', candidateVariant: 'green', candidateModel: 'iris-v7', outcome: 'ROLLED_BACK',
    cause: 'ALARM', reason, durationSeconds: 460, executionArn: record.executionArn,
  } as RolloutHistoryRow;
  return { record, history };
}
