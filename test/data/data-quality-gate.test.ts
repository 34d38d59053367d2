import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { DataLake, DataQualityGate, EtlJob, GateStatus } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

const RULES = 'Rules = [ RowCount > 0, IsComplete "order_id", ColumnValues "amount" >= 0 ]';

function setup(id = 'GateStack') {
  const stack = new Stack(new App(), id, { env: { account: '111122223333', region: 'eu-west-1' } });
  const lake = new DataLake(stack, 'Lake', { databaseNamePrefix: 'shop' });
  const job = new EtlJob(stack, 'Orders', { lake, dataset: 'orders', keyColumns: ['order_id'] });
  return { stack, lake, job };
}

function definitionOf(t: ReturnType<typeof synth>): any {
  const sm = Object.values(t.findResources('AWS::StepFunctions::StateMachine'))[0] as any;
  const parts = sm.Properties.DefinitionString['Fn::Join'][1] as any[];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
}

describe('DataQualityGate', () => {
  test('ruleset, evaluation after each successful run, status parameter, events, score metric', () => {
    const { stack, job } = setup();
    const gate = new DataQualityGate(stack, 'Gate', { job, rules: RULES, minScore: 0.9 });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Glue::DataQualityRuleset', { Ruleset: RULES });
    t.hasResourceProperties('AWS::SSM::Parameter', { Value: 'UNKNOWN', Type: 'String' });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.glue'], 'detail-type': ['Glue Job State Change'], 'detail': { jobName: [Match.anyValue()], state: ['SUCCEEDED'] } },
    });
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    const states = definitionOf(t).States;
    expect(states.StartEvaluation.Resource).toMatch(/aws-sdk:glue:startDataQualityRulesetEvaluationRun/);
    expect(states.GetResult.Resource).toMatch(/aws-sdk:glue:getDataQualityResult/);
    expect(states['ScoreHighEnough?'].Choices[0]).toEqual({ Variable: '$.dq.result.Score', NumericGreaterThanEquals: 0.9, Next: 'SetPassed' });
    expect(states.GateFailed).toMatchObject({ Type: 'Fail', Error: 'DataQualityGateFailed' });
    expect(states.SetPending.Parameters.Value).toBe('PENDING');
    expect(gate.statusEventPattern(GateStatus.PASSED)).toEqual({
      source: ['cdk-mlops.data'], detailType: ['Data Quality Gate Status'], detail: { gate: ['orders-gate'], status: ['PASSED'] },
    });
    expect(gate.metricScore().metricName).toBe('DataQualityScore');
    expect(nagFindings(stack)).toEqual([]);
  });

  test('gateCheck blocks a downstream workflow unless the gate PASSED', () => {
    const { stack, job } = setup('ConsumerStack');
    const gate = new DataQualityGate(stack, 'Gate', { job, rules: RULES });
    const train = new sfn.Pass(stack, 'Train');
    const consumer = new sfn.StateMachine(stack, 'Training', {
      definitionBody: sfn.DefinitionBody.fromChainable(gate.gateCheck(stack, 'CheckData').next(train)),
    });
    expect(consumer).toBeDefined();
    const t = synth(stack);
    const json = JSON.stringify(t.findResources('AWS::StepFunctions::StateMachine'));
    expect(json).toContain('DataQualityGateNotPassed');
    expect(json).toContain('aws-sdk:ssm:getParameter');
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ssm:GetParameter' })]) },
    });
  });

  describe('invalid configurations', () => {
    test('empty DQDL ruleset', () => {
      const { stack, job } = setup();
      expect(() => new DataQualityGate(stack, 'G', { job, rules: 'Rules = [ ]' })).toThrow(/rules 'Rules = \[ \]'.*at least one rule/);
    });
    test('score threshold outside (0, 1]', () => {
      const { stack, job } = setup();
      expect(() => new DataQualityGate(stack, 'G', { job, rules: RULES, minScore: 90 })).toThrow(/minScore '90'.*\(0, 1\]/);
    });
    test('evaluation timeout that is not whole minutes', () => {
      const { stack, job } = setup();
      expect(() => new DataQualityGate(stack, 'G', { job, rules: RULES, evaluationTimeout: Duration.seconds(90) }))
        .toThrow(/evaluationTimeout '1 minute 30 seconds'.*whole minutes/);
    });
  });
});
