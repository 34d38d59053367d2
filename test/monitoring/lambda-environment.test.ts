import { App, Stack } from 'aws-cdk-lib';
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DRIFT_ENV } from '../../contracts/drift-monitor';
import { DriftBaseline, DriftFeatures, DriftMonitor, FeatureKind } from '../../lib/monitoring';
import { checkEnvironmentSize, fitEnvironment } from '../../lib/private/lambda-environment';
import { monitoringFixture } from './fixtures';

// Lambda refuses a function whose environment variables, measured as the JSON of the whole map, pass 4 KB (4096
// bytes): "Lambda was unable to configure your environment variables because the environment variables you have
// provided exceeded the 4KB limit. String measured: {...}". A monitor with a few hundred features passes that with
// its schema alone.

/** The JSON Lambda measures, with CloudFormation references counted as nothing (a lower bound). */
function measured(variables: Record<string, unknown>): number {
  const literal = (v: unknown): string => (typeof v === 'string' ? v
    : (v as any)?.['Fn::Join'] ? (v as any)['Fn::Join'][1].map(literal).join((v as any)['Fn::Join'][0]) : '');
  return Buffer.byteLength(JSON.stringify(Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, literal(v)]))));
}

function driftMonitor(featureCount: number) {
  const { app, stack, data, endpoint } = monitoringFixture();
  const features = DriftFeatures.of(Array.from({ length: featureCount }, (_, i) => ({
    name: `customer_feature_${String(i).padStart(3, '0')}`, kind: i % 5 === 0 ? FeatureKind.CATEGORICAL : FeatureKind.NUMERIC,
  })));
  const drift = new DriftMonitor(stack, 'Drift', {
    endpoint, lake: data.lake, features, monitorName: 'wide-drift',
    baseline: DriftBaseline.fromBucket(data.lake.curatedBucket, 'baselines/wide/statistics.json'),
  });
  return { app, stack, drift, features };
}

function driftVariables(t: Template): Record<string, unknown> {
  const fns = Object.values(t.findResources('AWS::Lambda::Function'))
    .filter((f: any) => f.Properties.Environment?.Variables?.[DRIFT_ENV.schema] !== undefined);
  expect(fns).toHaveLength(1);
  return (fns[0] as any).Properties.Environment.Variables;
}

describe('Lambda environments within 4 KB', () => {
  test('a monitor with few features keeps its schema inline (no configuration object)', () => {
    const { stack } = driftMonitor(5);
    const vars = driftVariables(Template.fromStack(stack));
    expect(JSON.parse(vars[DRIFT_ENV.schema] as string).features).toHaveLength(5);
    expect(Object.keys(Template.fromStack(stack).toJSON().Parameters ?? {}).filter((p) => /Asset/.test(p))).toEqual([]);
  });

  test('a DriftMonitor with 300 features synthesizes: its schema goes to an S3 object the function alone may read', () => {
    const { app, stack, features } = driftMonitor(300);
    // The schema alone would be far past the limit.
    expect(Buffer.byteLength(JSON.stringify(features._schema()))).toBeGreaterThan(4096 * 3);
    const t = Template.fromStack(stack);
    const vars = driftVariables(t);
    expect(measured(vars)).toBeLessThanOrEqual(4096);
    // s3://<asset bucket>/<content hash>.json
    const ref = JSON.stringify(vars[DRIFT_ENV.schema]);
    expect(ref).toMatch(/^"s3:\/\/cdk-[a-z0-9]+-assets-111111111111-us-east-1\/[0-9a-f]{64}\.json"$/);
    const key = /\/([0-9a-f]{64}\.json)"$/.exec(ref)![1];
    // The object's content is the schema the handler would have had inline.
    const assembly = app.synth();
    const file = fs.readdirSync(assembly.directory).find((f) => f === `asset.${key.replace('.json', '')}.json`);
    expect(file).toBeDefined();
    expect(JSON.parse(fs.readFileSync(path.join(assembly.directory, file!), 'utf-8'))).toEqual(features._schema());
    // Read access to that one object: s3:GetObject on bucket/key, no wildcard.
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const read = statements.filter((s: any) => s.Action === 's3:GetObject' && JSON.stringify(s.Resource).includes(key));
    expect(read).toHaveLength(1);
  });

  test('what cannot move and does not fit is refused at synth, naming the construct and the largest variables', () => {
    const stack = new Stack(new App(), 'S');
    const big = 'x'.repeat(5000);
    expect(() => fitEnvironment(stack, 'cdk-mlops test monitor (S/Job)', { BIG: big, SMALL: '1' }, []))
      .toThrow(/cdk-mlops test monitor \(S\/Job\): the Lambda environment takes about 50\d\d bytes \(largest: BIG 50\d\d bytes.*allows 4096 bytes for all variables together/);
  });

  test('a function whose environment grows past 4 KB after it was built fails synth validation', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'),
    });
    checkEnvironmentSize(fn, 'test handler');
    fn.addEnvironment('A', 'a'.repeat(2100));
    expect(() => app.synth({ force: true })).not.toThrow();
    fn.addEnvironment('B', 'b'.repeat(2100));
    expect(() => app.synth({ force: true })).toThrow(/test handler: the Lambda environment takes about 42\d\d bytes/);
  });
});
