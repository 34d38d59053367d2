import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BuiltInAlgorithm, ContainerImage, Model, ModelData } from '../../lib/serving';

/** A stack in a concrete region with a bucket and two models, for endpoint tests. */
export function endpointFixture(region = 'us-east-1') {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region } });
  const bucket = new s3.Bucket(stack, 'Artifacts', { enforceSSL: true });
  const image = ContainerImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST_1_7);
  const modelA = new Model(stack, 'ModelA', { image, modelData: ModelData.fromBucket(bucket, 'a/model.tar.gz') });
  const modelB = new Model(stack, 'ModelB', { image, modelData: ModelData.fromBucket(bucket, 'b/model.tar.gz') });
  return { app, stack, bucket, modelA, modelB };
}
