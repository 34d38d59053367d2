import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import { buildReferenceApp } from '../../bin/reference-stack';

// The same feature flags as `cdk synth` (cdk.json), so the test sees the template users deploy.
const context = require('../../cdk.json').context;
const referenceApp = () => buildReferenceApp(new App({ context }));
import { lintQueuedTemplates, nagFindings, synth } from '../helpers/validators';

afterAll(lintQueuedTemplates);

describe('reference app', () => {
  test('passes cdk-nag AwsSolutions with every finding acknowledged with a reason', () => {
    const { stack } = referenceApp();
    expect(nagFindings(stack)).toEqual([]);
  });

  test('data lands raw, is curated by Glue, gated, queryable in Athena, and training reads only gated data', () => {
    const { stack } = referenceApp();
    const t = synth(stack);
    t.resourceCountIs('AWS::Glue::Job', 1);
    t.resourceCountIs('AWS::Athena::WorkGroup', 1);
    t.hasResourceProperties('AWS::Glue::DataQualityRuleset', { Ruleset: Match.stringLikeRegexp('IsComplete "label"') });
    // The training workflow reads the gate status before it trains on the curated table.
    const machines = Object.values(t.findResources('AWS::StepFunctions::StateMachine')).map((m) => JSON.stringify(m.Properties.DefinitionString));
    const training = machines.find((d) => d.includes('createTrainingJob.sync'));
    expect(training).toBeDefined();
    expect(training).toContain('ssm:getParameter');
    // Captures go to the lake's data-capture area.
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: Match.objectLike({ DestinationS3Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/data-capture$')])] } }),
    });
  });

  test('a deploy that changes a variant model is drained first, then rolled out with the built-in hook', () => {
    const { stack } = referenceApp();
    const t = synth(stack);
    const endpoints = t.findResources('AWS::SageMaker::Endpoint');
    const [endpoint] = Object.values(endpoints);
    const guards = Object.keys(t.findResources('Custom::CdkMlopsRolloutGuard'));
    expect(guards).toHaveLength(1);
    expect(endpoint.DependsOn).toEqual(expect.arrayContaining(guards));
    t.resourceCountIs('Custom::CdkMlopsRollout', 1);
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 4); // rollout, provider waiter, data-quality gate, training
  });

  test('serves the packaged XGBoost model from two champion slots and a challenger with capture and alarms, and passes cfn-lint', () => {
    const { stack } = referenceApp();
    const t = synth(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({ VariantName: 'blue', InitialVariantWeight: 90 }),
        Match.objectLike({ VariantName: 'green', InitialVariantWeight: 0 }),
        Match.objectLike({ VariantName: 'challenger', InitialVariantWeight: 10 }),
      ],
      DataCaptureConfig: Match.objectLike({ EnableCapture: true, InitialSamplingPercentage: 100 }),
    });
    t.resourceCountIs('AWS::SageMaker::Model', 3);
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length).toBeGreaterThanOrEqual(4);
    // No hard-coded account or region: the only account ids are the per-region image registries of the mapping.
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
    const { Mappings: _registries, ...rest } = t.toJSON();
    expect(JSON.stringify(rest)).not.toMatch(/"\d{12}"|:\d{12}:|"(us|eu|ap|sa|ca|me|af|il|cn)-[a-z]+-\d"/);
  });
});
