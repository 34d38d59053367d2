/**
 * The replay's answers against production's: hand-made pairs whose agreement, flips and differences are counted
 * by hand in each row's comment (no formula from the code under test).
 */
import { AnswerFormatPlan, MAX_FLIP_LABELS, OTHER_LABEL } from '../../../../contracts/shadow-answers';
import {
  agreementFigures, compareReplayAnswers, describeFlips, emptyAgreement, mergeAgreement, readAnswer,
} from '../../../../lambda/core/experiments';

interface Row {
  readonly name: string;
  readonly format?: AnswerFormatPlan;
  readonly production: (string | undefined)[];
  readonly candidate: (string | undefined)[];
  readonly compared: number;
  readonly unreadable?: number;
  readonly noProductionAnswer?: number;
  readonly agreementRate?: number;
  readonly flips?: Record<string, Record<string, number>>;
  readonly meanAbsoluteDifference?: number;
  readonly meanRelativeDifference?: number;
}

const rows: Row[] = [
  {
    // 5 requests, the 5th failed on the candidate (not compared); of 4, the 2nd flips 0 -> 1: 3/4 agree.
    name: 'class labels from CSV, a failed request skipped',
    production: ['1', '0', '1', '2', '0'], candidate: ['1', '1', '1', '2', undefined],
    compared: 4, agreementRate: 0.75, flips: { 1: { 1: 2 }, 0: { 1: 1 }, 2: { 2: 1 } },
  },
  {
    // Labels 1,0,1,0 vs 1,1,0,0: 2/4 agree. |d| = .1,.5,.2,.3 (sum 1.1, mean .275);
    // |d|/|p| = .1/.9 + .5/.2 + .2/.6 + .3/.4 = .11111 + 2.5 + .33333 + .75 = 3.69444, mean .923611.
    name: 'scores with a 0.5 threshold: classes and numbers',
    format: { kind: 'score', threshold: 0.5 },
    production: ['0.9', '0.2', '0.6', '0.4'], candidate: ['0.8', '0.7', '0.4', '0.1'],
    compared: 4, agreementRate: 0.5, flips: { 1: { 1: 1, 0: 1 }, 0: { 1: 1, 0: 1 } },
    meanAbsoluteDifference: 0.275, meanRelativeDifference: 3.694444444444444 / 4,
  },
  {
    // The 3rd candidate answer has no element 0: unreadable. |d| = 2, 1 (mean 1.5); 2/10 and 1/4 (mean .225).
    name: 'regression from a JSON field, one unreadable answer',
    format: { kind: 'number', field: 'predictions.0.value' },
    production: ['{"predictions":[{"value":10}]}', '{"predictions":[{"value":-4}]}', '{"predictions":[{"value":0}]}'],
    candidate: ['{"predictions":[{"value":12}]}', '{"predictions":[{"value":-5}]}', '{"predictions":[]}'],
    compared: 2, unreadable: 1, meanAbsoluteDifference: 1.5, meanRelativeDifference: 0.225,
  },
  {
    // Column 1 of the CSV: |d| = .05, .2 (mean .125); .05/.3 = .166667 and .2/.8 = .25 (mean .2083333).
    name: 'regression from a CSV column',
    format: { kind: 'number', field: '1' },
    production: ['a,0.3', 'b,0.8'], candidate: ['a,0.35', 'b,0.6'],
    compared: 2, meanAbsoluteDifference: 0.125, meanRelativeDifference: (0.05 / 0.3 + 0.25) / 2,
  },
  {
    name: 'JSON predicted_label answers: one flip cat -> dog, one agreement',
    production: ['{"predicted_label":"cat"}', '{"predicted_label":"dog"}'], candidate: ['{"predicted_label":"dog"}', '{"predicted_label":"dog"}'],
    compared: 2, agreementRate: 0.5, flips: { cat: { dog: 1 }, dog: { dog: 1 } },
  },
  {
    // The first record captured no output (input-only capture): nothing to compare it with.
    name: 'a capture without output is counted apart',
    production: [undefined, '1'], candidate: ['1', '1'],
    compared: 1, noProductionAnswer: 1, agreementRate: 1, flips: { 1: { 1: 1 } },
  },
  {
    // An empty production answer and a non-numeric candidate score are unreadable.
    name: 'unreadable answers are counted, not compared',
    format: { kind: 'score', threshold: 0.5 },
    production: ['', '0.7', '0.1'], candidate: ['0.4', 'error', '0.2'],
    compared: 1, unreadable: 2, agreementRate: 1, flips: { 0: { 0: 1 } }, meanAbsoluteDifference: 0.1, meanRelativeDifference: 1,
  },
];

describe('compareReplayAnswers', () => {
  test.each(rows.map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const figures = agreementFigures(compareReplayAnswers(r.production, r.candidate, r.format));
    expect(figures.compared).toBe(r.compared);
    expect(figures.unreadable).toBe(r.unreadable ?? 0);
    expect(figures.noProductionAnswer).toBe(r.noProductionAnswer ?? 0);
    const close = (got: number | undefined, want: number | undefined) => {
      if (want === undefined) expect(got).toBeUndefined();
      else expect(got).toBeCloseTo(want, 12);
    };
    close(figures.agreementRate, r.agreementRate);
    close(figures.meanAbsoluteDifference, r.meanAbsoluteDifference);
    close(figures.meanRelativeDifference, r.meanRelativeDifference);
    if (r.flips) expect(figures.flips).toEqual(r.flips);
  });

  test('merging two batches gives the counts of both together', () => {
    const f: AnswerFormatPlan = { kind: 'score', threshold: 0.5 };
    const a = compareReplayAnswers(['0.9', '0.2'], ['0.8', '0.7'], f);
    const b = compareReplayAnswers(['0.6', '0.4'], ['0.4', '0.1'], f);
    const both = compareReplayAnswers(['0.9', '0.2', '0.6', '0.4'], ['0.8', '0.7', '0.4', '0.1'], f);
    const merged = mergeAgreement(a, b)!;
    expect(merged.compared).toBe(both.compared);
    expect(merged.agreed).toBe(both.agreed);
    expect(merged.flips).toEqual(both.flips);
    expect(merged.absoluteDifferenceSum).toBeCloseTo(both.absoluteDifferenceSum, 12);
    expect(mergeAgreement(undefined, a)).toBe(a);
    expect(mergeAgreement(a, undefined)).toBe(a);
  });

  test('the flip matrix stays bounded: labels beyond the limit count as (other), long labels are cut', () => {
    const labels = Array.from({ length: 30 }, (_, i) => `class-${i}`);
    const s = compareReplayAnswers(labels, labels);
    expect(s.compared).toBe(30);
    expect(s.agreed).toBe(30);
    const names = new Set(Object.entries(s.flips).flatMap(([p, row]) => [p, ...Object.keys(row)]));
    expect(names.size).toBe(MAX_FLIP_LABELS + 1);
    expect(names.has(OTHER_LABEL)).toBe(true);
    // Every pair is still counted: 20 on the diagonal of named classes, 10 under (other).
    const total = Object.values(s.flips).reduce((t, row) => t + Object.values(row).reduce((u, n) => u + n, 0), 0);
    expect(total).toBe(30);
    expect(s.flips[OTHER_LABEL][OTHER_LABEL]).toBe(10);
    const long = 'x'.repeat(100);
    expect(Object.keys(compareReplayAnswers([long], [long]).flips)).toEqual(['x'.repeat(40)]);
    // Agreement is counted on the labels themselves, before any bucketing.
    expect(agreementFigures(s).agreementRate).toBe(1);
  });

  test('describeFlips lists the off-diagonal cells, largest first', () => {
    expect(describeFlips({ 0: { 0: 40, 1: 7 }, 1: { 0: 3, 1: 50 } })).toBe('0→1 7, 1→0 3');
    expect(describeFlips({ a: { a: 1 } })).toBe('');
  });

  test('readAnswer reads each format, and nothing a format cannot give', () => {
    expect(readAnswer('0.73')).toEqual({ label: '0.73' });
    expect(readAnswer('0.73', { kind: 'score', threshold: 0.5 })).toEqual({ label: '1', value: 0.73 });
    expect(readAnswer('cat', { kind: 'number' })).toBeUndefined();
    expect(readAnswer('cat', { kind: 'score', threshold: 0.5 })).toBeUndefined();
    expect(readAnswer('{"scores":[0.1,0.9]}', { kind: 'number', field: 'scores.1' })).toEqual({ value: 0.9 });
    expect(readAnswer('{"scores":[0.1,0.9]}', { kind: 'number', field: 'scores.2' })).toBeUndefined();
    expect(emptyAgreement()).toMatchObject({ compared: 0, agreed: 0, flips: {} });
  });
});
