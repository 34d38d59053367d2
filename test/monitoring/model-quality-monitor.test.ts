import { Match } from 'aws-cdk-lib/assertions';
import { MODEL_QUALITY_NAMESPACE, QUALITY_ENV } from '../../contracts/model-quality';
import { ModelQualityMonitor, ProblemType } from '../../lib/monitoring';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { monitoringFixture } from './fixtures';

afterAll(lintQueuedTemplates);

describe('ModelQualityMonitor', () => {
  test('a scheduled Lambda with its environment, least-privilege grants, and an alarm per variant and threshold', () => {
    const { stack, data, endpoint } = monitoringFixture();
    const q = new ModelQualityMonitor(stack, 'Quality', {
      endpoint, lake: data.lake, problemType: ProblemType.BINARY_CLASSIFICATION,
      thresholds: { minAccuracy: 0.9, minAuc: 0.85 }, monitorName: 'iris-quality',
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Timeout: 900,
      Environment: { Variables: Match.objectLike({
        [QUALITY_ENV.problemType]: 'BinaryClassification',
        [QUALITY_ENV.variantNames]: 'champion,challenger',
        [QUALITY_ENV.capturePrefix]: 'data-capture',
        [QUALITY_ENV.lateLabelWindowSeconds]: '172800',
        [QUALITY_ENV.constraints]: JSON.stringify({ version: 0, binary_classification_constraints: {
          accuracy: { threshold: 0.9, comparison_operator: 'LessThanThreshold' },
          auc: { threshold: 0.85, comparison_operator: 'LessThanThreshold' },
        } }),
      }) },
    });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    // 2 variants x 2 thresholds, plus the failed-run alarm.
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: MODEL_QUALITY_NAMESPACE } }))).toHaveLength(4);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'Errors' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: MODEL_QUALITY_NAMESPACE, MetricName: 'auc', Threshold: 0.85, ComparisonOperator: 'LessThanThreshold',
      Dimensions: Match.arrayWith([{ Name: 'MonitoringSchedule', Value: 'iris-quality' }, { Name: 'VariantName', Value: 'challenger' }]),
      TreatMissingData: 'notBreaching',
    });
    expect(q.alarms).toHaveLength(5);
    expect(stack.resolve(q.groundTruthPrefix)).toEqual({ 'Fn::Join': ['', ['ground-truth/', { 'Fn::GetAtt': ['EndpointEEF1FD8F', 'EndpointName'] }, '/']] });
    expect(q.widgets().length).toBe(4);
    expect(nagFindings(stack)).toEqual([]);
  });

});
