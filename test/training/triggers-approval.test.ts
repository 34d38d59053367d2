/**
 * RetrainingTriggers and ModelApprovalDispatch as synthesized: rules, policy rendered for the handler, least
 * privilege (cdk-nag), cfn-lint; every event pattern is checked with moto's own EventBridge matcher
 * (moto.events.models.EventPattern) against sample events of the shapes AWS documents.
 */
import { spawnSync } from 'child_process';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import { ModelApprovalDispatch } from '../../lib/training/model-approval-dispatch';
import { ModelRegistry } from '../../lib/training/model-registry';
import { RetrainingPipeline } from '../../lib/training/retraining-pipeline';
import { RetrainingTriggers } from '../../lib/training/retraining-triggers';
import { haveCommand, lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { platformStack } from './fixtures';

afterAll(lintQueuedTemplates);

function build() {
  const { stack, data } = platformStack();
  const registry = new ModelRegistry(stack, 'Registry', { modelPackageGroupName: 'iris' });
  const pipeline = new RetrainingPipeline(stack, 'Retraining', { data, registry, labelColumn: 'label', featureColumns: ['sepal_length'] });
  const metric = new cloudwatch.Metric({ namespace: 'X', metricName: 'Y' });
  const drift = new cloudwatch.Alarm(stack, 'Drift', { metric, threshold: 1, evaluationPeriods: 1 });
  const quality = new cloudwatch.Alarm(stack, 'Quality', { metric, threshold: 1, evaluationPeriods: 1 });
  const triggers = new RetrainingTriggers(stack, 'Triggers', {
    pipeline, schedule: events.Schedule.rate(Duration.days(7)), driftAlarms: [drift], qualityAlarms: [quality],
    driftRule: { minAlarmWindows: 3, windows: 4, window: Duration.hours(1) }, minNewRows: 100, coolDown: Duration.hours(12),
  });
  const dispatch = new ModelApprovalDispatch(stack, 'Dispatch', { registry, githubRepository: 'acme/ml', githubTokenParameterName: '/acme/github-token' });
  return { stack, triggers, dispatch };
}

/** Resolves the few CloudFormation references a pattern holds to the names used in the sample events. */
function concrete(v: any): any {
  if (Array.isArray(v)) return v.map(concrete);
  if (v && typeof v === 'object') {
    if (v['Fn::GetAtt']) return `arn:aws:${v['Fn::GetAtt'][0]}`;
    if (v.Ref) return `arn:aws:${v.Ref}`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, concrete(x)]));
  }
  return v;
}

function motoMatches(pattern: unknown, event: unknown): boolean {
  const py = 'import json,sys\nfrom moto.events.models import EventPattern\nd=json.load(sys.stdin)\nprint(json.dumps(EventPattern.load(json.dumps(d["p"])).matches_event(d["e"])))';
  const r = spawnSync('python3', ['-c', py], { input: JSON.stringify({ p: pattern, e: event }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const hasMoto = haveCommand('moto_server');
const maybe = hasMoto ? test : test.skip;

describe('RetrainingTriggers and ModelApprovalDispatch', () => {
  const { stack } = build();
  const t = synth(stack);
  const rules = t.findResources('AWS::Events::Rule');
  const pattern = (idPrefix: string) => concrete(Object.entries(rules).find(([id]) => id.startsWith(idPrefix))![1].Properties.EventPattern);

  test('the policy reaches the handler as configured', () => {
    const fns = Object.values(t.findResources('AWS::Lambda::Function')).filter((f: any) => f.Properties.Environment?.Variables?.CDK_MLOPS_TRIGGER_POLICY);
    expect(fns).toHaveLength(1);
    // Alarm ARNs are CloudFormation references inside the JSON (an Fn::Join): stand them in with a string.
    const v = (fns[0] as any).Properties.Environment.Variables.CDK_MLOPS_TRIGGER_POLICY;
    const text = typeof v === 'string' ? v : v['Fn::Join'][1].map((x: any) => (typeof x === 'string' ? x : 'arn')).join('');
    const policy = JSON.parse(text);
    expect(policy).toMatchObject({
      coolDownMs: 12 * 3600_000, minNewRows: 100, maxRunMs: 4 * 3600_000,
      drift: { n: 3, m: 4, windowMs: 3600_000 }, quality: { n: 1, m: 1, windowMs: 3600_000 },
    });
  });

  test('schedule, tick every window, alarm changes, run ends and manual requests reach the trigger', () => {
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(7 days)', Targets: [{ Input: '{"kind":"schedule"}' }] });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)', Targets: [{ Input: '{"kind":"tick"}' }] });
    t.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } });
  });

  maybe('alarm-change pattern (moto matcher): the pipeline\'s alarms only', () => {
    const p = pattern('TriggersAlarmChanges');
    const event = (alarm: string) => ({ source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change', resources: [alarm], detail: { state: { value: 'ALARM' } } });
    expect(motoMatches(p, event(p.resources[0]))).toBe(true);
    expect(motoMatches(p, event('arn:aws:cloudwatch:us-east-1:1:alarm:other'))).toBe(false);
  });

  maybe('run-end pattern (moto matcher): ends of this state machine, not RUNNING', () => {
    const p = pattern('TriggersRunEnded');
    const sm = p.detail.stateMachineArn[0];
    const event = (status: string, arn = sm) => ({ source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', detail: { stateMachineArn: arn, status } });
    expect(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'].map((s) => motoMatches(p, event(s)))).toEqual([true, true, true, true, false]);
    expect(motoMatches(p, event('FAILED', 'arn:aws:states:us-east-1:1:stateMachine:other'))).toBe(false);
  });

  maybe('approval pattern (moto matcher): Approved versions of this group only', () => {
    const p = pattern('DispatchApproved');
    const event = (group: string, status: string) => ({ source: 'aws.sagemaker', 'detail-type': 'SageMaker Model Package State Change',
      detail: { ModelPackageGroupName: group, ModelApprovalStatus: status, ModelPackageArn: `arn:aws:sagemaker:us-east-1:111111111111:model-package/${group}/3` } });
    expect(motoMatches(p, event('iris', 'Approved'))).toBe(true);
    expect(motoMatches(p, event('iris', 'PendingManualApproval'))).toBe(false);
    expect(motoMatches(p, event('iris', 'Rejected'))).toBe(false);
    expect(motoMatches(p, event('other', 'Approved'))).toBe(false);
  });

  test('the approval handler may write only its group\'s approved-version parameter and read the token', () => {
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).map((p: any) => JSON.stringify(p.Properties.PolicyDocument));
    const dispatch = policies.filter((p) => p.includes('approved-model-package-arn'));
    expect(dispatch).toHaveLength(1);
    expect(dispatch[0]).toContain(':parameter/cdk-mlops/iris/approved-model-package-arn');
    expect(dispatch[0]).toContain(':parameter/acme/github-token');
  });

  test('passes cdk-nag AwsSolutions', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});
