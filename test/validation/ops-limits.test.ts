/**
 * Rollout thresholds and an endpoint's alarm options (the training and platform cases moved to
 * training-limits.test.ts and platform-limits.test.ts).
 */
import { Duration } from 'aws-cdk-lib';
import { battery } from './battery';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { ModelEndpoint } from '../../lib/serving';
import { endpointFixture } from '../serving/fixtures';

function rollout(props: object) {
  return () => {
    const f = endpointFixture();
    const endpoint = new ModelEndpoint(f.stack, 'E', {
      endpointName: 'ops', variants: [{ variantName: 'blue', model: f.modelA }, { variantName: 'green', model: f.modelB, initialWeight: 0 }],
    });
    return new VariantRollout(f.stack, 'R', { endpoint, strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES, ...props });
  };
}
const endpointWithAlarms = (alarmOptions: object) => () => {
  const f = endpointFixture();
  return new ModelEndpoint(f.stack, 'E', { variants: [{ variantName: 'a', model: f.modelA }], alarmOptions });
};

describe('alarms and rollouts: invalid configurations are refused at synth', () => {
  battery([
    {
      cls: 'rollback-thresholds', name: 'a rollout error rate of 1 (a rate never exceeds it)', run: rollout({ errorRateThreshold: 1 }),
      prop: /VariantRollout: errorRateThreshold/, value: /is 1\b/, fix: /never fire.*above 0 and below 1/,
    },
    {
      cls: 'rollback-thresholds', name: 'a negative rollout error rate (always fires)', run: rollout({ errorRateThreshold: -0.1 }),
      prop: /errorRateThreshold/, value: /-0\.1/, fix: /always fire/,
    },
    {
      cls: 'rollback-thresholds', name: 'a zero rollout latency (always fires)', run: rollout({ latencyP99Threshold: Duration.millis(0) }),
      prop: /latencyP99Threshold/, value: /0 millis/, fix: /always fire.*positive Duration/,
    },
    {
      cls: 'rollback-thresholds', name: 'an endpoint alarm error rate of 5 (percent, not a fraction)', run: endpointWithAlarms({ errorRateThreshold: 5 }),
      prop: /ModelEndpoint .*: alarmOptions\.errorRateThreshold/, value: /is 5/, fix: /0\.05 for 5%/,
    },
    {
      cls: 'alarm-period', name: '1441 one-minute evaluation periods (over a day)', run: endpointWithAlarms({ evaluationPeriods: 1441, datapointsToAlarm: 1 }),
      prop: /alarmOptions\.evaluationPeriods/, value: /1441 periods of 60 seconds/, fix: /at most 1440 evaluation periods/,
    },
  ]);
});
