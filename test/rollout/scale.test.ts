import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lib from '../../lib';
import { acknowledge, acknowledgeKnownWildcards } from '../../lib/private/nag';
import { DeploymentStrategy, VariantRollout } from '../../lib/rollout';
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';
import { blueGreenEndpoint, rolloutFixture } from './fixtures';
import { resourcesPerEndpoint, scaleStack } from '../../scripts/rollout-scale';

afterAll(lintQueuedTemplates);

/** CloudFormation's limit on resources per stack. */
const MAX_RESOURCES = 500;

describe('scale: 30 endpoints with a VariantRollout each', () => {
  test('stay under CloudFormation\'s 500 resources; every more endpoint adds 14', () => {
    const r = resourcesPerEndpoint(lib, cdk, 30);
    // eslint-disable-next-line no-console
    console.log(`resources: shared ${r.shared}, per endpoint ${r.perEndpoint} ${JSON.stringify(r.perEndpointByType)}, ` +
      `total with ${r.endpoints} endpoints ${r.total} (limit ${MAX_RESOURCES})`);
    expect(r.total).toBeLessThan(MAX_RESOURCES);
    expect(r.total).toBe(r.shared + 30 * r.perEndpoint);
    // What the rollout itself adds per endpoint: two candidate alarms per slot, the drain guard and the deploy trigger
    // (the other four alarms are the endpoint's own defaults).
    expect(r.perEndpointByType).toEqual({
      'AWS::SageMaker::Model': 2, 'AWS::SageMaker::EndpointConfig': 1, 'AWS::SageMaker::Endpoint': 1,
      'AWS::CloudWatch::Alarm': 8, 'Custom::CdkMlopsRollout': 1, 'Custom::CdkMlopsRolloutGuard': 1,
    });
    expect(r.perEndpoint).toBe(14);
  });

  test('the 30-endpoint stack has one alarm rule, passes cfn-lint and cdk-nag', () => {
    const stack = scaleStack(lib, cdk, 30);
    acknowledge(stack.node.findChild('Artifacts'), 'AwsSolutions-S1', 'Test fixture: model artifacts bucket.');
    acknowledgeKnownWildcards(stack);
    const t = synth(stack);
    t.resourceCountIs('AWS::Events::Rule', 1);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    const [rule] = Object.values(t.findResources('AWS::Events::Rule'));
    expect(JSON.stringify(rule.Properties.EventPattern).length).toBeLessThan(2048);
    // One statement lists all 30 endpoints, so the controller's policy stays small.
    const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => /ControllerServiceRoleDefaultPolicy/.test(id))![1];
    const weights = policy.Properties.PolicyDocument.Statement.find((s: any) => JSON.stringify(s.Action).includes('UpdateEndpointWeights'));
    expect(weights.Resource).toHaveLength(30);
    expect(nagFindings(stack)).toEqual([]);
  });

  test('listed user alarms open a new rule before a pattern outgrows EventBridge\'s limit', () => {
    const f = rolloutFixture();
    const endpoint = blueGreenEndpoint(f);
    const alarms = Array.from({ length: 40 }, (_, i) => new cloudwatch.Alarm(f.stack, `Kpi${i}`, {
      alarmName: `business-kpi-of-the-candidate-model-with-a-long-descriptive-name-${i}`,
      metric: endpoint.findVariant('green').metric('Kpi'), threshold: 1, evaluationPeriods: 1,
    }));
    new VariantRollout(f.stack, 'Rollout', {
      endpoint, strategy: DeploymentStrategy.ALL_AT_ONCE, alarms,
    });
    const t = Template.fromStack(f.stack);
    const rules = Object.values(t.findResources('AWS::Events::Rule'));
    expect(rules.length).toBeGreaterThan(1);
    const listed = rules.flatMap((r: any) => r.Properties.EventPattern.detail.alarmName);
    // The prefix once (no alarm invokes the rollback twice), each listed alarm once.
    expect(listed.filter((n: any) => typeof n === 'object')).toHaveLength(1);
    expect(listed.filter((n: any) => typeof n === 'string').sort()).toEqual(alarms.map((_, i) => `business-kpi-of-the-candidate-model-with-a-long-descriptive-name-${i}`).sort());
    for (const r of rules) expect(JSON.stringify((r as any).Properties.EventPattern).length).toBeLessThan(2048);
    // One Lambda permission per rule.
    const permissions = Object.values(t.findResources('AWS::Lambda::Permission')).filter((p: any) => p.Properties.Principal === 'events.amazonaws.com');
    expect(permissions).toHaveLength(rules.length);
  });
});
