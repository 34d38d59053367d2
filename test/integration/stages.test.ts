/**
 * The reference app's stages: configuration from context or environment variables, one Stage per environment,
 * nothing hard-coded, and outputs exposed as properties (what CDK Pipelines' post-deployment steps read).
 */
import { App, Stack } from 'aws-cdk-lib';
import { buildReferenceApp } from '../../bin/reference-stack';
import { StageConfigError, stagesFromConfig } from '../../bin/stage-config';

describe('stage configuration', () => {
  it('is empty without configuration (one top-level stack)', () => {
    expect(stagesFromConfig(undefined, {})).toEqual([]);
  });

  it('reads names from CDK_MLOPS_STAGES and each account/region from CDK_MLOPS_<NAME>_*', () => {
    expect(stagesFromConfig(undefined, {
      CDK_MLOPS_STAGES: 'Staging, Production', CDK_MLOPS_PRODUCTION_ACCOUNT: '123456789012',
      CDK_MLOPS_PRODUCTION_REGION: 'eu-west-1',
    })).toEqual([
      { name: 'Staging', account: undefined, region: undefined },
      { name: 'Production', account: '123456789012', region: 'eu-west-1' },
    ]);
  });

  it('prefers context: a list of names, or an object (also as a JSON string from -c)', () => {
    const object = { Staging: { region: 'us-east-1' }, Production: { account: '210987654321', region: 'eu-west-1' } };
    const expected = [
      { name: 'Staging', account: undefined, region: 'us-east-1' },
      { name: 'Production', account: '210987654321', region: 'eu-west-1' },
    ];
    expect(stagesFromConfig(object, { CDK_MLOPS_STAGES: 'Other' })).toEqual(expected);
    expect(stagesFromConfig(JSON.stringify(object), {})).toEqual(expected);
    expect(stagesFromConfig('Dev', {})).toEqual([{ name: 'Dev', account: undefined, region: undefined }]);
  });

  it('rejects bad names, accounts, regions and duplicates with the fix', () => {
    expect(() => stagesFromConfig('prod-1', {})).toThrow(/stage name 'prod-1' must start with a letter and use only letters/);
    expect(() => stagesFromConfig({ P: { account: '1234' } }, {})).toThrow(/account '1234' is not a 12-digit AWS account id/);
    expect(() => stagesFromConfig({ P: { region: 'Europe' } }, {})).toThrow(/region 'Europe' is not an AWS region name/);
    expect(() => stagesFromConfig('A,a', {})).toThrow(/stage 'a' appears twice/);
    expect(() => stagesFromConfig('{nope', {})).toThrow(StageConfigError);
    expect(() => stagesFromConfig(' , ', {})).toThrow(/names no stage/);
  });
});

describe('reference app with stages', () => {
  it('builds one Stage per environment, with its account and region and no hard-coded one', () => {
    const app = new App({ context: { stages: { Staging: {}, Production: { account: '123456789012', region: 'eu-west-1' } } } });
    const { stages, stack } = buildReferenceApp(app, {});
    expect(stages.map((s) => s.stageName)).toEqual(['Staging', 'Production']);
    expect(stack).toBe(stages[0].stack);
    expect(Stack.of(stages[1].stack).account).toBe('123456789012');
    expect(Stack.of(stages[1].stack).region).toBe('eu-west-1');
    // Environment-agnostic: the account is a token resolved at deploy time.
    expect(stages[0].stack.resolve(stages[0].stack.account)).toEqual({ Ref: 'AWS::AccountId' });
    expect(stages.map((s) => s.stack.stackName)).toEqual(['Staging-CdkMlops', 'Production-CdkMlops']);
    // What a pipeline's post-deployment step reads.
    expect(stages[1].stack.rolloutTableOutput.node.id).toBe('RolloutTable');
    expect(stages[1].stack.endpointNameOutput.node.id).toBe('EndpointName');
  });

  it('keeps the single CdkMlops stack without configuration', () => {
    const { stages, stack } = buildReferenceApp(new App(), {});
    expect(stages).toEqual([]);
    expect(stack.stackName).toBe('CdkMlops');
  });
});
