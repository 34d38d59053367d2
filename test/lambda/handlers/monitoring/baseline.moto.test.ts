/**
 * The baseline job against moto_server: Athena returns the table's rows (moto's queued query results), the job
 * writes statistics.json and constraints.json that the drift monitor reads back as the same baseline.
 */
import { BASELINE_ENV } from '../../../../contracts/drift-monitor';
import { FeatureSchema, StatisticsFile } from '../../../../contracts/model-monitor';
import { baselineFromStatisticsFile } from '../../../../lambda/core/monitoring';
import { baselineSql, handler } from '../../../../lambda/handlers/baseline';
import { getJson } from '../../../../lambda/shared/monitoring-io';
import { haveMoto } from '../../../helpers/moto';
import { useMonitorMoto } from '../../../helpers/monitor-moto';

const run = haveMoto() ? describe : describe.skip;
const schema: FeatureSchema = { features: [{ name: 'petal_length', kind: 'numeric' }, { name: 'species', kind: 'categorical' }] };

test('baseline SQL: all rows, or a Bernoulli sample of about maxRows', () => {
  expect(baselineSql(schema, 'db', 'iris', 150, 1000)).toBe('SELECT "petal_length", "species" FROM "db"."iris"');
  expect(baselineSql(schema, 'db', 'iris', 4000, 1000)).toBe('SELECT "petal_length", "species" FROM "db"."iris" TABLESAMPLE BERNOULLI (25.000000) LIMIT 1000');
});

run('baseline handler (moto_server)', () => {
  const world = useMonitorMoto({
    buckets: ['lake-monitoring'],
    athena: true,
    env: {
      [BASELINE_ENV.schema]: JSON.stringify(schema),
      [BASELINE_ENV.workGroup]: 'primary',
      [BASELINE_ENV.database]: 'lake_curated',
      [BASELINE_ENV.table]: 'iris',
      [BASELINE_ENV.maxRows]: '1000',
      [BASELINE_ENV.outputBucket]: 'lake-monitoring',
      [BASELINE_ENV.outputPrefix]: 'monitoring-reports/iris-baseline/baseline/',
    },
  });

  test('queries the table and writes statistics.json and constraints.json', async () => {
    const cell = (v: string) => ({ VarCharValue: v });
    const values = [['1.4', 'setosa'], ['4.5', 'versicolor'], ['5.1', 'virginica'], ['1.5', 'setosa']];
    // Queued results, consumed in order: the count, then the rows (header row first, as Athena returns it).
    const res = await fetch(`${world.moto.endpoint}/moto-api/static/athena/query-results`, {
      method: 'POST',
      body: JSON.stringify({
        region: 'us-east-1',
        results: [
          { rows: [{ Data: [cell('n')] }, { Data: [cell('4')] }], column_info: [{ Name: 'n', Type: 'bigint' }] },
          {
            rows: [{ Data: [cell('petal_length'), cell('species')] }, ...values.map((r) => ({ Data: r.map(cell) }))],
            column_info: [{ Name: 'petal_length', Type: 'double' }, { Name: 'species', Type: 'varchar' }],
          },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const r = await handler();
    expect(r).toMatchObject({ rows: 4, tableRows: 4, sampled: false });
    const stats = await getJson<StatisticsFile>(world.aws.s3, 'lake-monitoring', 'monitoring-reports/iris-baseline/baseline/statistics.json');
    expect(stats!.dataset.item_count).toBe(4);
    const b = baselineFromStatisticsFile(stats!, schema);
    const petal = b.features[0];
    expect(petal.kind === 'numeric' && [petal.count, petal.min, petal.max, petal.mean]).toEqual([4, 1.4, 5.1, (1.4 + 4.5 + 5.1 + 1.5) / 4]);
    expect(b.features[1]).toMatchObject({ kind: 'categorical', counts: { setosa: 2, versicolor: 1, virginica: 1 } });
    const constraints = await getJson<any>(world.aws.s3, 'lake-monitoring', 'monitoring-reports/iris-baseline/baseline/constraints.json');
    expect(constraints.monitoring_config.distribution_constraints.comparison_method).toBe('Robust');
  });
});
