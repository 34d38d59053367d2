import { evaluateGuard } from '../../../../lambda/core/rollout';

const rule = { name: 'g', threshold: 0.05, evaluationPeriods: 3, datapointsToAlarm: 2 };

describe('evaluateGuard (CloudWatch rule, missing = not breaching)', () => {
  it.each([
    ['2 of 3 breaching', [0.2, 0.01, 0.3], 'ALARM'],
    ['1 of 3 breaching', [0.2, 0.01, 0.01], 'OK'],
    ['missing periods do not breach', [0.2, undefined, undefined], 'OK'],
    ['equal to the threshold is not greater', [0.05, 0.05, 0.05], 'OK'],
    ['only the newest M periods count', [0.01, 0.01, 0.01, 0.9, 0.9], 'OK'],
    ['no published period at all', [], 'INSUFFICIENT_DATA'],
  ] as const)('%s', (_name, points, state) => {
    expect(evaluateGuard(rule, points).state).toBe(state);
  });

  it('rejects datapointsToAlarm above evaluationPeriods', () => {
    expect(() => evaluateGuard({ ...rule, datapointsToAlarm: 4 }, [])).toThrow(/datapointsToAlarm/);
  });
});

describe('evaluateGuard options', () => {
  it.each([
    ['one breaching plus one missing period', [0.2, undefined, 0.01], 'ALARM'],
    ['missing periods alone', [undefined, undefined, 0.01], 'ALARM'],
    ['one missing period and no breach', [0.01, undefined, 0.01], 'OK'],
    ['no published period at all', [], 'INSUFFICIENT_DATA'],
  ] as const)('treatMissingData breaching: %s', (_name, points, state) => {
    expect(evaluateGuard({ ...rule, treatMissingData: 'breaching' }, points).state).toBe(state);
  });

  it('compares with each operator, the threshold included only by the OrEqual ones', () => {
    const at = (comparison: 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold', v: number) =>
      evaluateGuard({ name: 'g', threshold: 10, evaluationPeriods: 1, datapointsToAlarm: 1, comparison }, [v]).state;
    expect([at('GreaterThanOrEqualToThreshold', 10), at('GreaterThanOrEqualToThreshold', 9.9)]).toEqual(['ALARM', 'OK']);
    expect([at('LessThanThreshold', 10), at('LessThanThreshold', 9.9)]).toEqual(['OK', 'ALARM']);
    expect([at('LessThanOrEqualToThreshold', 10), at('LessThanOrEqualToThreshold', 10.1)]).toEqual(['ALARM', 'OK']);
  });
});
