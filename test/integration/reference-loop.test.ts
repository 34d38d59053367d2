/**
 * The loop in the reference app: the drift and quality alarms of the endpoint's monitors (not a job-failure alarm)
 * start retraining through the trigger policy. Checked on the synthesized template: the EventBridge rule that feeds
 * the policy lists exactly those alarms, and the policy the trigger function runs names them with their rules.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../bin/reference-stack';

const context = require('../../cdk.json').context;
let t: Template;
beforeAll(() => {
  t = Template.fromStack(buildReferenceApp(new App({ context }), {}).stack);
});

type Resource = { Type: string; Properties: Record<string, any> };
const alarmIds = (pred: (p: Record<string, any>) => boolean) => Object.entries(t.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>)
  .filter(([, r]) => pred(r.Properties)).map(([id]) => id).sort();
// Model Monitor's own namespaces (AWS docs): data drift in data-metrics, model quality in model-metrics.
const driftAlarmIds = () => alarmIds((p) => p.Namespace === 'aws/sagemaker/Endpoints/data-metrics');
const qualityAlarmIds = () => alarmIds((p) => p.Namespace === 'aws/sagemaker/Endpoints/model-metrics');
const arnRefs = (value: unknown): string[] => (typeof value === 'string' ? value : JSON.stringify(value)).match(/"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/g)
  ?.map((m) => m.split('"')[3]).sort() ?? [];

function alarmRule(): Resource {
  const rules = Object.values(t.findResources('AWS::Events::Rule') as Record<string, Resource>)
    .filter((r) => r.Properties.EventPattern?.source?.[0] === 'aws.cloudwatch' && r.Properties.EventPattern.resources);
  expect(rules).toHaveLength(1);
  return rules[0];
}

test('one drift alarm per served variant and one quality alarm per variant and threshold exist', () => {
  // Three variants (champion slots blue and green, challenger); thresholds minAccuracy and minAuc. The idle slot is
  // monitored too: it serves after the next promotion, and without traffic its alarms stay OK (missing data does not breach).
  expect(driftAlarmIds()).toHaveLength(3);
  expect(qualityAlarmIds()).toHaveLength(6);
});

test('the alarm-state rule feeding the retraining policy lists exactly the drift and quality alarms', () => {
  const rule = alarmRule();
  expect(rule.Properties.EventPattern['detail-type']).toEqual(['CloudWatch Alarm State Change']);
  expect(arnRefs(rule.Properties.EventPattern.resources)).toEqual([...driftAlarmIds(), ...qualityAlarmIds()].sort());
  // Its target is the retraining trigger function.
  const fnId = rule.Properties.Targets[0].Arn['Fn::GetAtt'][0];
  const fn = t.findResources('AWS::Lambda::Function')[fnId] as Resource;
  expect(fn.Properties.Description).toMatch(/retraining triggers/);
});

test('no failed-run alarm starts retraining (a broken monitor is not a drifted model)', () => {
  const listed = new Set(arnRefs(alarmRule().Properties.EventPattern.resources));
  const failed = alarmIds((p) => p.MetricName === 'Errors' || p.MetricName === 'ExecutionsFailed');
  expect(failed.length).toBeGreaterThan(0);
  for (const id of failed) expect(listed.has(id)).toBe(false);
});

test('the trigger policy names the drift alarms with 3 of 4 one-hour windows and the quality alarms at once', () => {
  const fns = Object.values(t.findResources('AWS::Lambda::Function') as Record<string, Resource>)
    .filter((f) => f.Properties.Environment?.Variables?.CDK_MLOPS_TRIGGER_POLICY);
  expect(fns).toHaveLength(1);
  const policy = fns[0].Properties.Environment.Variables.CDK_MLOPS_TRIGGER_POLICY;
  // The policy is JSON joined with the alarm ARNs: split it at the drift and quality sections.
  const text = JSON.stringify(policy);
  const driftPart = text.slice(text.indexOf('drift'), text.indexOf('quality'));
  const qualityPart = text.slice(text.indexOf('quality'));
  expect(arnRefs(driftPart)).toEqual(driftAlarmIds());
  expect(arnRefs(qualityPart)).toEqual(qualityAlarmIds());
  expect(driftPart).toMatch(/\\"n\\":3,\\"m\\":4,\\"windowMs\\":3600000/);
  expect(qualityPart).toMatch(/\\"n\\":1,\\"m\\":1,\\"windowMs\\":3600000/);
});

test('the drift monitor runs large windows in the warehouse\'s Athena workgroup over a Glue table of the captures of every variant', () => {
  const fns = Object.values(t.findResources('AWS::Lambda::Function') as Record<string, Resource>)
    .filter((f) => f.Properties.Environment?.Variables?.CDK_MLOPS_ATHENA_SWITCH_BYTES);
  expect(fns).toHaveLength(1);
  const vars = fns[0].Properties.Environment.Variables;
  // The workgroup is the warehouse's own (the only one in the app), the switch point the library's default 4 GiB.
  const [workGroupId] = Object.keys(t.findResources('AWS::Athena::WorkGroup'));
  expect(JSON.stringify(vars.CDK_MLOPS_ATHENA_WORKGROUP)).toContain(workGroupId);
  expect(vars.CDK_MLOPS_ATHENA_SWITCH_BYTES).toBe(String(4 * 1024 ** 3));
  expect(vars.CDK_MLOPS_VARIANT_NAMES).toBe('blue,green,challenger');
  // The table the handler queries is a Glue table of the stack over the endpoint's capture prefix.
  const table = Object.values(t.findResources('AWS::Glue::Table') as Record<string, Resource>)
    .find((tb) => tb.Properties.TableInput.Name === vars.CDK_MLOPS_ATHENA_TABLE);
  expect(JSON.stringify(table?.Properties.TableInput.StorageDescriptor.Location)).toContain('/data-capture');
});

test('the pipeline monitor compares raw arrivals (CSV) and the curated Glue output (Parquet) with the training baseline; stage drift does not start retraining', () => {
  const fns = Object.values(t.findResources('AWS::Lambda::Function') as Record<string, Resource>)
    .filter((f) => f.Properties.Environment?.Variables?.CDK_MLOPS_PIPELINE_STAGES);
  expect(fns).toHaveLength(1);
  const joined = fns[0].Properties.Environment.Variables.CDK_MLOPS_PIPELINE_STAGES;
  const text = typeof joined === 'string' ? joined : joined['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'BUCKET')).join('');
  const stages = JSON.parse(text) as { name: string; prefix: string; drift?: { format: string; baselineStatistics: string } }[];
  expect(stages.map((s) => [s.name, s.prefix, s.drift?.format ?? null])).toEqual([['raw', 'iris/', 'csv'], ['curated', 'iris/', 'parquet'], ['features', '', null]]);
  expect(stages[1].drift!.baselineStatistics).toBe(stages[0].drift!.baselineStatistics);
  const stageDrift = alarmIds((p) => p.Namespace === 'CdkMlops/Pipeline' && p.MetricName === 'drifted_feature_count');
  expect(stageDrift).toHaveLength(2);
  const listed = new Set(arnRefs(alarmRule().Properties.EventPattern.resources));
  for (const id of stageDrift) expect(listed.has(id)).toBe(false);
});
