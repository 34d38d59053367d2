import { customerMetadata, metadataValue } from '../../../../lambda/core/training';

// CustomerMetadataValue in sagemaker service-2.json: 1-256 characters of letters, separators, digits and _.:/=+-@.
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

test('values are cleaned to what the registry accepts', () => {
  expect(metadataValue('{"a": 1}')).toBe('__a_: 1_'); // ':' is allowed, braces and quotes are not
  expect(metadataValue('')).toBe('-');
  expect(metadataValue('x'.repeat(300))).toHaveLength(256);
  expect(metadataValue('s3://b/k/year=2026/month=12/')).toBe('s3://b/k/year=2026/month=12/');
});

test('at most 50 entries, every value valid, hyperparameters after the lineage', () => {
  const hyperparameters = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${String(i).padStart(2, '0')}`, `v(${i})`]));
  const m = customerMetadata({
    runId: 'run-1', reasons: ['drift alarm x in ALARM in 3 of the last 4 windows (needs 3)', 'schedule'], sourceUri: 's3://c/iris/',
    table: 'db.iris', snapshotAt: '2026-12-01T03:00:00.000Z', trainUri: 's3://f/t/', holdoutUri: 's3://f/h/', holdoutRows: 40,
    trainingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/t', image: 'img:1', modelDataUrl: 's3://f/m.tar.gz',
    hyperparameters, codeVersion: 'abc123', loss: 'log-loss', challengerLoss: 0.2, registeredAs: 'PendingManualApproval', reportUri: 's3://f/e.json',
  });
  expect(Object.keys(m)).toHaveLength(50);
  for (const v of Object.values(m)) expect(v).toMatch(VALUE);
  expect(m['run:reasons']).toBe('drift alarm x in ALARM in 3 of the last 4 windows _needs 3_ + schedule');
  expect(m['hp:p00']).toBe('v_0_');
  expect(m['hp:p34']).toBeUndefined(); // 16 lineage entries + 34 hyperparameters = 50
  expect(m['hp:p33']).toBe('v_33_');
});
