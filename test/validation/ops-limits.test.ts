import { App, Duration, Stack } from 'aws-cdk-lib';
import { battery } from './battery';
import { DataPlatform } from '../../lib/data';
import { MlPlatform } from '../../lib/platform';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { InstanceType, ModelEndpoint } from '../../lib/serving';
import { ModelRegistry, RetrainingPipeline } from '../../lib/training';
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
function training(props: object) {
  return () => {
    const stack = new Stack(new App(), 'T', { env: { account: '111122223333', region: 'eu-west-1' } });
    const data = new DataPlatform(stack, 'Data', { dataset: 'iris' });
    const registry = new ModelRegistry(stack, 'Registry');
    return new RetrainingPipeline(stack, 'W', { data, registry, labelColumn: 'label', featureColumns: ['x1'], ...props });
  };
}
const endpointWithAlarms = (alarmOptions: object) => () => {
  const f = endpointFixture();
  return new ModelEndpoint(f.stack, 'E', { variants: [{ variantName: 'a', model: f.modelA }], alarmOptions });
};

describe('alarms, rollouts, training and the platform: invalid configurations are refused at synth', () => {
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
      prop: /alarms\.errorRateThreshold/, value: /is 5/, fix: /0\.05 for 5%/,
    },
    {
      cls: 'alarm-period', name: '1441 one-minute evaluation periods (over a day)', run: endpointWithAlarms({ evaluationPeriods: 1441, datapointsToAlarm: 1 }),
      prop: /alarms\.evaluationPeriods/, value: /1441 periods of 60 seconds/, fix: /at most 1440 evaluation periods/,
    },
    {
      cls: 'training-props', name: 'a misspelt training instance type', run: training({ trainingInstanceType: InstanceType.of('ml.m5.larg') }),
      prop: /RetrainingPipeline .*: trainingInstanceType/, value: /'ml\.m5\.larg'/, fix: /did you mean 'ml\.m5\.large'/,
    },
    {
      cls: 'training-props', name: 'a hosting-only instance type for training', run: training({ trainingInstanceType: InstanceType.ML_T2_MEDIUM }),
      prop: /RetrainingPipeline .*: trainingInstanceType/, value: /ml\.t2\.medium/, fix: /training does not offer/,
    },
    {
      cls: 'training-props', name: 'a burstable instance type for the evaluation Batch Transform', run: training({ evaluationInstanceType: InstanceType.ML_T2_MEDIUM }),
      prop: /evaluationInstanceType/, value: /ml\.t2\.medium/, fix: /Batch Transform does not offer/,
    },
    {
      cls: 'training-props', name: 'a max runtime beyond 28 days', run: training({ maxTrainingTime: Duration.days(29), timeout: Duration.days(30) }),
      prop: /maxTrainingTime/, value: /2505600/, fix: /28 days/,
    },
    {
      cls: 'training-props', name: 'a fractional-second max runtime', run: training({ maxTrainingTime: Duration.millis(1500) }),
      prop: /maxTrainingTime/, value: /1 second 500 millis/, fix: /whole number of seconds/,
    },
    {
      cls: 'training-props', name: '101 hyperparameters', run: training({ hyperparameters: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, '1'])) }),
      prop: /hyperparameters/, value: /101 hyperparameters/, fix: /0 to 100 hyperparameters/,
    },
    {
      cls: 'training-props', name: 'a hyperparameter value over 2500 characters', run: training({ hyperparameters: { big: 'x'.repeat(2501) } }),
      prop: /hyperparameters\['big'\]/, value: /xxx/, fix: /0-2500 characters/,
    },
    {
      cls: 'email', name: 'an alarm e-mail without a domain', run: () => new MlPlatform(new Stack(new App(), 'P'), 'P', { alarmEmail: 'ops@localhost' }),
      prop: /MlPlatform: alarmEmail/, value: /'ops@localhost'/, fix: /'ops@example\.com'/,
    },
    {
      cls: 'email', name: 'two addresses in one subscription', run: () => new MlPlatform(new Stack(new App(), 'P'), 'P', { alarmEmail: 'a@example.com, b@example.com' }),
      prop: /alarmEmail/, value: /a@example\.com, b@example\.com/, fix: /one address/,
    },
  ]);
});
