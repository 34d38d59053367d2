import { CfnParameter, Duration, Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ModelEndpoint } from '../../lib/serving';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { endpointFixture } from './fixtures';

afterAll(lintQueuedTemplates);

function endpoint(metricsConfig?: ConstructorParameters<typeof ModelEndpoint>[2]['metricsConfig']) {
  const f = endpointFixture();
  const ep = new ModelEndpoint(f.stack, 'Endpoint', { variants: [{ variantName: 'a', model: f.modelA }], metricsConfig });
  return { ...f, ep };
}

describe('ModelEndpoint metricsConfig', () => {
  test('without metricsConfig and without a rollout, the endpoint configuration has no MetricsConfig (SageMaker defaults)', () => {
    const { stack, ep } = endpoint();
    synth(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', { MetricsConfig: Match.absent() });
    expect(ep._invocationMetricsSeconds()).toBe(60);
  });

  test('renders the publish interval in seconds and enhanced metrics', () => {
    const { stack, ep } = endpoint({ publishInterval: Duration.seconds(30), enhancedMetrics: true });
    synth(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 30 },
    });
    expect(ep._invocationMetricsSeconds()).toBe(30);
  });

  test('minutes are rendered as seconds; without enhanced metrics the invocation metrics stay at one minute', () => {
    const { stack, ep } = endpoint({ publishInterval: Duration.minutes(5) });
    synth(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { MetricPublishFrequencyInSeconds: 300, EnableEnhancedMetrics: Match.absent() },
    });
    expect(ep._invocationMetricsSeconds()).toBe(60);
  });

  test.each([
    [Duration.seconds(15), /metricsConfig\.publishInterval is 15 seconds\. Use one of 10 seconds, 30 seconds, 1 minute, 2 minutes, 3 minutes, 4 minutes, 5 minutes \(botocore sagemaker MetricsConfig/],
    [Duration.minutes(10), /publishInterval is 10 minutes\. Use one of 10 seconds/],
    [Duration.millis(10500), /publishInterval is 10 seconds 500 millis\. Use a whole number of seconds/],
  ])('refuses %s, naming the construct, the prop, the value and the allowed values', (interval, message) => {
    expect(() => endpoint({ publishInterval: interval })).toThrow(message);
    expect(() => endpoint({ publishInterval: interval })).toThrow(/^ModelEndpoint Test\/Endpoint: /);
  });

  test('a token interval is left to CloudFormation; a token in minutes is refused, since CloudFormation takes seconds', () => {
    const f = endpointFixture();
    const every = Token.asNumber(new CfnParameter(f.stack, 'Every', { type: 'Number' }).valueAsNumber);
    const ep = new ModelEndpoint(f.stack, 'Endpoint', { variants: [{ variantName: 'a', model: f.modelA }],
      metricsConfig: { publishInterval: Duration.seconds(every), enhancedMetrics: true } });
    synth(f.stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: { Ref: 'Every' } },
    });
    expect(ep._invocationMetricsSeconds()).toBeUndefined();
    const g = endpointFixture();
    const minutes = Token.asNumber(new CfnParameter(g.stack, 'Minutes', { type: 'Number' }).valueAsNumber);
    expect(() => new ModelEndpoint(g.stack, 'Endpoint', { variants: [{ variantName: 'a', model: g.modelA }],
      metricsConfig: { publishInterval: Duration.minutes(minutes) } }))
      .toThrow(/metricsConfig\.publishInterval is 'a token in a unit other than seconds'\. CloudFormation takes whole seconds/);
  });
});
