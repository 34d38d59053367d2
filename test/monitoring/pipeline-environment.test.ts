/**
 * The pipeline monitor's stages travel in one Lambda environment variable, and Lambda allows 4 KB for all variables
 * together: the size is estimated at synth (tokens at 64 bytes, the longest bucket or monitor name) and a stage list
 * that would not fit fails with the prop and the fix.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LakeZone } from '../../lib/data/lake-zone';
import { DriftBaseline, DriftFeatures, FeatureKind, PipelineMonitor, StageDataFormat } from '../../lib/monitoring';
import { environmentBytes, ENVIRONMENT_TOKEN_BYTES, LAMBDA_ENVIRONMENT_MAX_BYTES } from '../../lib/monitoring/private/validate-environment';
import { monitoringFixture } from './fixtures';

describe('PipelineMonitor environment size', () => {
  test('the estimate: key and literal bytes as rendered by CloudFormation, each token at 64 bytes', () => {
    const stack = new Stack(new App(), 'S');
    const bucket = new s3.Bucket(stack, 'B');
    const env = { PLAIN: 'abc-é', JOINED: JSON.stringify([{ bucket: bucket.bucketName, uri: `s3://${bucket.bucketName}/k` }]) };
    const fn = new lambda.Function(stack, 'F', { code: lambda.Code.fromInline('x'), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X, environment: env });
    // Independently: the variables as CloudFormation renders them, literal parts in UTF-8, each Ref at the bound.
    const vars = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).environment) as { variables: Record<string, unknown> };
    let expected = 0;
    for (const [k, v] of Object.entries(vars.variables)) {
      const parts = typeof v === 'string' ? [v] : (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      expected += Buffer.byteLength(k) + parts.reduce<number>((s, p) => s + (typeof p === 'string' ? Buffer.byteLength(p) : ENVIRONMENT_TOKEN_BYTES), 0);
    }
    expect(environmentBytes(env)).toBe(expected);
    expect(environmentBytes({ PLAIN: 'abc-é' })).toBe(5 + 6); // é is two bytes in UTF-8
  });

  test('a stage list over 4 KB fails at synth naming stages, the size and the fix; the same stages split over two monitors fit', () => {
    const { stack, data } = monitoringFixture();
    // 30 categorical features of 24-character names: about 1.9 KB of schema per drift stage.
    const features = DriftFeatures.of(Array.from({ length: 30 }, (_, i) => ({ name: `customer_segment_code_${String(i).padStart(2, '0')}`, kind: FeatureKind.CATEGORICAL })));
    const baseline = DriftBaseline.fromBucket(data.lake.bucket(LakeZone.RAW), 'baseline/statistics.json');
    const stage = (name: string, zone: LakeZone) => ({ name, zone, drift: { features, baseline, format: StageDataFormat.PARQUET } });
    let message = '';
    try {
      new PipelineMonitor(stack, 'Both', { lake: data.lake, stages: [stage('curated', LakeZone.CURATED), stage('features', LakeZone.FEATURES)] });
    } catch (e) {
      message = (e as Error).message;
    }
    const pattern = new RegExp(`^PipelineMonitor 'Test/Both': stages is '(\\d+) bytes of Lambda environment \\(at most ${LAMBDA_ENVIRONMENT_MAX_BYTES} for all variables together\\)'; ` +
      'give fewer stages drift or fewer features per stage, or split the stages over two PipelineMonitors');
    expect(message).toMatch(pattern);
    expect(Number(pattern.exec(message)![1])).toBeGreaterThan(LAMBDA_ENVIRONMENT_MAX_BYTES);
    new PipelineMonitor(stack, 'Curated', { lake: data.lake, stages: [stage('curated', LakeZone.CURATED)] });
    new PipelineMonitor(stack, 'Features', { lake: data.lake, stages: [stage('features', LakeZone.FEATURES)] });
  });
});
