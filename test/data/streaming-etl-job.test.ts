import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { DataLake, StreamingEtlJob, StreamStartingPosition } from '../../lib/data';
import { lintQueuedTemplates, synth } from '../helpers/validators';
import { nagFindings } from '../helpers/validators';

afterAll(lintQueuedTemplates);

function setup(id = 'StreamStack') {
  const stack = new Stack(new App(), id, { env: { account: '111122223333', region: 'eu-west-1' } });
  const lake = new DataLake(stack, 'Lake', { databaseNamePrefix: 'shop' });
  const stream = new kinesis.Stream(stack, 'Clicks', { encryption: kinesis.StreamEncryption.MANAGED });
  return { stack, lake, stream };
}

describe('StreamingEtlJob', () => {
  test('Kinesis to lake streaming job with checkpoint, KMS security configuration and least privilege', () => {
    const { stack, lake, stream } = setup();
    new StreamingEtlJob(stack, 'Clickstream', {
      lake, stream, dataset: 'clicks', windowSize: Duration.seconds(30), startingPosition: StreamStartingPosition.LATEST,
    });
    const t = synth(stack);
    t.hasResourceProperties('AWS::Glue::Job', {
      Command: Match.objectLike({ Name: 'gluestreaming' }),
      SecurityConfiguration: Match.anyValue(),
      DefaultArguments: Match.objectLike({
        '--window_size': '30 seconds',
        '--starting_position': 'LATEST',
        '--enable-continuous-cloudwatch-log': 'true',
      }),
    });
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('kinesis:GetRecords');
    expect(policies).toContain('/_checkpoints/clicks/*');
    expect(nagFindings(stack)).toEqual([]);
  });

  describe('invalid configurations', () => {
    test('streaming without a stream', () => {
      const { stack, lake } = setup();
      expect(() => new StreamingEtlJob(stack, 'S', { lake, stream: undefined as unknown as kinesis.IStream, dataset: 'clicks' }))
        .toThrow(/StreamingEtlJob '[^']*': required prop 'stream' is missing \(undefined\)/);
    });
    test('window longer than an hour', () => {
      const { stack, lake, stream } = setup();
      expect(() => new StreamingEtlJob(stack, 'S', { lake, stream, dataset: 'clicks', windowSize: Duration.hours(2) }))
        .toThrow(/windowSize '2 hours'/);
    });
  });
});
