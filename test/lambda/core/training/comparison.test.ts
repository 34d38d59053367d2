import { approvalFor, compare, rowLoss, studentTSurvival } from '../../../../lambda/core/training';

// Reference values from scipy 1.x: stats.t.sf(t, df) and stats.ttest_1samp(d, margin, alternative='greater').
test.each([
  [1.7, 9, 0.061673831071911926],
  [2.5, 29, 0.009162672169213043],
  [-0.3, 4, 0.6104392858612702],
  [0, 7, 0.5],
  [3.1, 200, 0.001107098949165631],
  [1, 1, 0.25],
])('P(T > %p) with %p df = %p (scipy)', (t, df, p) => {
  expect(studentTSurvival(t, df)).toBeCloseTo(p, 12);
});

// Absolute error against label 0 makes each row's loss equal to its prediction.
const champion = [0.30, 0.25, 0.40, 0.10, 0.52, 0.33, 0.21, 0.45, 0.28, 0.36];
const challenger = [0.22, 0.24, 0.31, 0.12, 0.40, 0.30, 0.15, 0.41, 0.20, 0.30];
const rows = champion.map((c, i) => ({ label: 0, champion: c, challenger: challenger[i] }));

test.each([
  [0.0, 4.225217037785567, 0.0011111273022217753, true],
  [0.02, 2.688774478590816, 0.012423172220327777, true],
  [0.05, 0.38411063979868826, 0.35490705538484996, false],
])('paired test with margin %p: t=%p, p=%p (scipy ttest_1samp)', (margin, t, p, wins) => {
  const r = compare(rows, { loss: 'absolute-error', margin, alpha: 0.05 });
  expect(r.rows).toBe(10);
  expect(r.meanImprovement).toBeCloseTo(0.055, 12);
  expect(r.championLoss).toBeCloseTo(0.32, 12);
  expect(r.tStatistic).toBeCloseTo(t, 10);
  expect(r.pValue).toBeCloseTo(p, 10);
  expect(r.challengerWins).toBe(wins);
});

test('losses per row', () => {
  expect(rowLoss('log-loss', 1, 0.8)).toBeCloseTo(-Math.log(0.8), 14);
  expect(rowLoss('log-loss', 0, 1)).toBeCloseTo(-Math.log(1e-15), 2); // clipped to 1 - 1e-15: finite
  expect(rowLoss('squared-error', 3, 1)).toBe(4);
  expect(rowLoss('error-rate', 1, 0.49)).toBe(1);
  expect(rowLoss('error-rate', 2, 2.0)).toBe(0); // a multi-class class index
});

test('identical predictions never win, whatever the margin', () => {
  const same = rows.map((r) => ({ ...r, challenger: r.champion }));
  const r = compare(same, { loss: 'absolute-error', margin: 0, alpha: 0.05 });
  expect(r.pValue).toBe(1);
  expect(r.challengerWins).toBe(false);
});

test('approval: manual by default, automatic only when the challenger wins, first version always by a person', () => {
  const win = compare(rows, { loss: 'absolute-error', margin: 0.02, alpha: 0.05 });
  const lose = compare(rows, { loss: 'absolute-error', margin: 0.05, alpha: 0.05 });
  expect(approvalFor(win, { approval: 'manual', alpha: 0.05 }).status).toBe('PendingManualApproval');
  expect(approvalFor(win, { approval: 'automatic', alpha: 0.05 })).toEqual({
    status: 'Approved',
    reason: 'automatic: the challenger beats the champion by the margin (mean loss 0.265 vs champion 0.32 on 10 holdout rows; improvement 0.055 vs margin 0.02, p=0.01242 (alpha 0.05))',
  });
  expect(approvalFor(lose, { approval: 'automatic', alpha: 0.05 }).status).toBe('PendingManualApproval');
  expect(approvalFor(undefined, { approval: 'automatic', alpha: 0.05 }).reason).toMatch(/first version/);
  expect(() => compare(rows.slice(0, 1), { loss: 'log-loss', margin: 0, alpha: 0.05 })).toThrow(/at least 2/);
});
