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
