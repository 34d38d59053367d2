/**
 * The GetMetricData queries of a rollout's two variants: one per side and metric, SageMaker's namespace and the
 * dimensions SageMaker publishes variant metrics under (EndpointName, VariantName), ids that name side and metric.
 */
import { pairQueryId, variantPairQueries } from '../../../lambda/shared/variant-pair-queries';

test('stable then candidate, each metric in order, with the period and statistic given', () => {
  const queries = variantPairQueries('gate', 'iris', { stable: 'blue', candidate: 'green' },
    [{ key: 'inv', name: 'Invocations', stat: 'Sum' }, { key: 'lat', name: 'ModelLatency', stat: 'p99' }], 300);
  expect(queries.map((q) => [q.Id, q.MetricStat!.Metric!.MetricName, q.MetricStat!.Stat, q.MetricStat!.Metric!.Dimensions![1].Value]))
    .toEqual([['gate_s_inv', 'Invocations', 'Sum', 'blue'], ['gate_s_lat', 'ModelLatency', 'p99', 'blue'],
      ['gate_c_inv', 'Invocations', 'Sum', 'green'], ['gate_c_lat', 'ModelLatency', 'p99', 'green']]);
  expect(queries[3]).toEqual({
    Id: 'gate_c_lat', ReturnData: true,
    MetricStat: {
      Metric: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency',
        Dimensions: [{ Name: 'EndpointName', Value: 'iris' }, { Name: 'VariantName', Value: 'green' }] },
      Period: 300, Stat: 'p99',
    },
  });
  expect(pairQueryId('shadow', 'candidate', 'err')).toBe('shadow_c_err');
});

test('inference components: SageMaker publishes their invocation metrics under InferenceComponentName alone', () => {
  const queries = variantPairQueries('shadow', 'ep', { stable: 'ranker', candidate: 'ranker-candidate' },
    [{ key: 'err', name: 'Invocation5XXErrors', stat: 'Sum' }], 60, 'InferenceComponentName');
  expect(queries.map((q) => q.MetricStat!.Metric!.Dimensions)).toEqual([
    [{ Name: 'InferenceComponentName', Value: 'ranker' }], [{ Name: 'InferenceComponentName', Value: 'ranker-candidate' }]]);
});
