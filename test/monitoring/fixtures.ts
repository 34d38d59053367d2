import { App, Stack } from 'aws-cdk-lib';
import { acknowledge } from '../../lib/private/nag';
import { DataPlatform } from '../../lib/data/data-platform';
import { LakeZone } from '../../lib/data/lake-zone';
import { ModelEndpoint } from '../../lib/serving/endpoint';
import { endpointFixture } from '../serving/fixtures';

/** A stack with a data platform (Iris columns) and an endpoint capturing into the lake's data-capture area. */
export function monitoringFixture(): { app: App; stack: Stack; data: DataPlatform; endpoint: ModelEndpoint } {
  const { app, stack, bucket, modelA, modelB } = endpointFixture();
  acknowledge(bucket, 'AwsSolutions-S1', 'Test fixture: the model artifact bucket of the tests.');
  const data = new DataPlatform(stack, 'Data', {
    dataset: 'iris',
    columns: { label: 'int', sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double' },
  });
  const endpoint = new ModelEndpoint(stack, 'Endpoint', {
    endpointName: 'iris',
    variants: [
      { variantName: 'champion', model: modelA, initialWeight: 90 },
      { variantName: 'challenger', model: modelB, initialWeight: 10 },
    ],
    dataCapture: { bucket: data.lake.bucket(LakeZone.DATA_CAPTURE), prefix: 'data-capture' },
  });
  return { app, stack, data, endpoint };
}
