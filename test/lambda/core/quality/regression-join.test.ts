import { parseGroundTruthLine, groundTruthLine } from '../../../../lambda/core/quality/ground-truth';
import { parseCapturedOutput } from '../../../../lambda/core/quality/inference';
import { EMPTY_JOIN_STATE, joinLabels, PendingInference } from '../../../../lambda/core/quality/join';
import { readPrediction } from '../../../../lambda/core/quality/prediction';
import { mergeRegression, regressionMetrics, summarizeRegression } from '../../../../lambda/core/quality/regression';
import { qualityStatistics, qualityViolations, qualityWindow } from '../../../../lambda/core/quality/report';

describe('regression', () => {
  test('hand-computed values', () => {
    // errors: +1, -1, +2 → MAE 4/3, MSE 6/3 = 2; labels 1, 2, 3: SST = 2 → R² = 1 - 6/2 = -2;
    // MAPE = (1/1 + 1/2 + 2/3) / 3.
    const m = regressionMetrics(summarizeRegression([1, 2, 3], [2, 1, 5]));
    expect(m.mae).toBeCloseTo(4 / 3, 12);
    expect(m.mse).toBeCloseTo(2, 12);
    expect(m.rmse).toBeCloseTo(Math.SQRT2, 12);
    expect(m.r2).toBeCloseTo(-2, 12);
    expect(m.mape).toBeCloseTo((1 + 0.5 + 2 / 3) / 3, 12);
  });

  test('merged windows equal one window', () => {
    const y = [3.2, 1.1, 8.5, 4.4, 0.3, 9.9, 2.2];
    const p = [3.0, 1.5, 8.0, 4.0, 0.1, 9.0, 2.9];
    const whole = regressionMetrics(summarizeRegression(y, p));
    const merged = regressionMetrics(mergeRegression(summarizeRegression(y.slice(0, 3), p.slice(0, 3)), summarizeRegression(y.slice(3), p.slice(3))));
    for (const k of ['mae', 'mse', 'rmse', 'r2', 'mape'] as const) expect(merged[k]).toBeCloseTo(whole[k], 12);
  });
});

describe('ground truth and captured outputs', () => {
  test("Model Monitor's ground-truth record round-trips; other lines are rejected", () => {
    expect(parseGroundTruthLine(groundTruthLine('inf-1', 1))).toEqual({ id: 'inf-1', label: '1' });
    expect(parseGroundTruthLine('{"groundTruthData":{"data":"0","encoding":"CSV"},"eventMetadata":{"eventId":"e"},"eventVersion":"0"}')).toEqual({ id: 'e', label: '0' });
    expect(parseGroundTruthLine('{"groundTruthData":{"data":"{\\"label\\":2}","encoding":"JSON"},"eventMetadata":{"eventId":"e"}}')).toEqual({ id: 'e', label: '2' });
    expect(parseGroundTruthLine('not json')).toBeUndefined();
    expect(parseGroundTruthLine('{"groundTruthData":{"data":"1"}}')).toBeUndefined();
  });

  test('captured output keeps inferenceId and eventId', () => {
    const line = JSON.stringify({
      captureData: { endpointOutput: { observedContentType: 'text/csv', mode: 'OUTPUT', data: '0.9', encoding: 'CSV' } },
      eventMetadata: { eventId: 'ev', inferenceId: 'inf', inferenceTime: '2026-01-01T00:00:00Z' },
    });
    expect(parseCapturedOutput(line)).toEqual({ inferenceId: 'inf', eventId: 'ev', inferenceTimeMs: Date.parse('2026-01-01T00:00:00Z'), output: '0.9', contentType: 'text/csv' });
    const b64 = JSON.stringify({ captureData: { endpointOutput: { data: Buffer.from('{"score":0.2}').toString('base64'), encoding: 'BASE64' } }, eventMetadata: { eventId: 'x' } });
    expect(parseCapturedOutput(b64)?.output).toBe('{"score":0.2}');
  });

  test('predictions by problem type', () => {
    expect(readPrediction('0.73', 'text/csv', { problemType: 'BinaryClassification' })).toEqual({ value: 0.73, label: '1' });
    expect(readPrediction('0.1,0.7,0.2', 'text/csv', { problemType: 'MulticlassClassification' })).toEqual({ label: '1' });
    expect(readPrediction('{"predictions":[{"score":4.5}]}', 'application/json', { problemType: 'Regression', attribute: 'predictions.0.score' })).toEqual({ value: 4.5 });
    expect(readPrediction('{"predicted_label":"cat"}', 'application/json', { problemType: 'MulticlassClassification' })).toEqual({ label: 'cat' });
    expect(readPrediction('oops', 'text/csv', { problemType: 'Regression' })).toBeUndefined();
  });
});

describe('join', () => {
  const hour = 3600_000;
  const inf = (over: Partial<PendingInference>): PendingInference => ({ variant: 'v', inferenceTimeMs: 0, value: 0.9, label: '1', ...over });

  test('by inferenceId, else eventId; late labels wait within the window, then expire', () => {
    const first = joinLabels(EMPTY_JOIN_STATE, [
      inf({ inferenceId: 'a', eventId: 'e1' }),
      inf({ eventId: 'e2' }),
      inf({ inferenceId: 'c', eventId: 'e3' }),
    ], [{ id: 'a', label: '1' }, { id: 'e2', label: '0' }, { id: 'zzz', label: '1' }], hour, 2 * hour);
    expect(first.pairs.map((p) => [p.inference.eventId, p.actual])).toEqual([['e1', '1'], ['e2', '0']]);
    expect(first.state.inferences.map((i) => i.inferenceId)).toEqual(['c']);
    expect(first.state.labels.map((l) => l.id)).toEqual(['zzz']);

    // The label of 'c' comes late but within the window.
    const second = joinLabels(first.state, [], [{ id: 'c', label: '0' }, { id: 'a', label: '1' }], 2 * hour, 2 * hour);
    expect(second.pairs.map((p) => p.inference.inferenceId)).toEqual(['c']);
    // 'a' was matched in the first run: its second label waits, then expires with 'zzz'.
    const third = joinLabels(second.state, [inf({ eventId: 'late', inferenceTimeMs: 0 })], [], 10 * hour, 2 * hour);
    expect(third.pairs).toEqual([]);
    expect(third.expiredInferences).toBe(1);
    expect(third.expiredLabels).toBe(2);
  });

  test('a second label for the same id in one run is a duplicate', () => {
    const r = joinLabels(EMPTY_JOIN_STATE, [inf({ eventId: 'e' })], [{ id: 'e', label: '1' }, { id: 'e', label: '0' }], 0, hour);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0].actual).toBe('1');
    expect(r.duplicateLabels).toBe(1);
  });
});

describe('report', () => {
  test('statistics.json and violations in Model Monitor format', () => {
    const pairs = [
      { inference: { variant: 'v', inferenceTimeMs: 0, value: 0.9 }, actual: '1' },
      { inference: { variant: 'v', inferenceTimeMs: 0, value: 0.8 }, actual: '0' },
      { inference: { variant: 'v', inferenceTimeMs: 0, value: 0.1 }, actual: '0' },
      { inference: { variant: 'v', inferenceTimeMs: 0, value: 0.2 }, actual: 'not-a-label' },
    ];
    const w = qualityWindow('BinaryClassification', pairs, 0.5);
    expect(w.itemCount).toBe(3);
    expect(w.unusable).toBe(1);
    const stats = qualityStatistics(w, '2026-01-01T00:00:00Z') as any;
    expect(stats.dataset.item_count).toBe(3);
    expect(stats.binary_classification_metrics.confusion_matrix).toEqual({ 0: { 0: 1, 1: 1 }, 1: { 0: 0, 1: 1 } });
    expect(stats.binary_classification_metrics.accuracy).toEqual({ value: 2 / 3, standard_deviation: 'NaN' });
    const v = qualityViolations(w, { version: 0, binary_classification_constraints: {
      accuracy: { threshold: 0.8, comparison_operator: 'LessThanThreshold' },
      recall: { threshold: 0.5, comparison_operator: 'LessThanThreshold' },
    } });
    expect(v).toEqual([{ metric_name: 'accuracy', constraint_check_type: 'LessThanThreshold', description: `Metric accuracy with ${2 / 3} was LessThanThreshold '0.8'` }]);
  });
});
