// Resource counts of stacks with N endpoints, each with a VariantRollout. Plain CommonJS that takes the library and
// aws-cdk-lib as arguments, so the tests (lib from source under ts-jest) and scripts/bench.js (compiled dist/lib)
// share it:  require('./rollout-scale.js').resourcesPerEndpoint(require('../dist/lib'), require('aws-cdk-lib'))
'use strict';

/** A stack with `endpoints` endpoints sharing a KMS key, an alarm topic and a model role, each with a rollout. */
function scaleStack(lib, cdk, endpoints, stackName = 'Scale') {
  const iam = cdk.aws_iam;
  const app = new cdk.App();
  const stack = new cdk.Stack(app, stackName, { env: { account: '111111111111', region: 'us-east-1' } });
  const bucket = new cdk.aws_s3.Bucket(stack, 'Artifacts', { enforceSSL: true });
  const key = new cdk.aws_kms.Key(stack, 'EndpointKey', { enableKeyRotation: true });
  const topic = new lib.AlarmTopic(stack, 'Alarms').topic;
  // One execution role for every model, granted once here; the models get an immutable view of it, or each would
  // append its own statements and the policy would overflow into managed policies (the fixture's cost, not the rollout's).
  const sharedRole = new iam.Role(stack, 'ModelRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  bucket.grantRead(sharedRole);
  sharedRole.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  sharedRole.addToPolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
    resources: ['arn:aws:ecr:us-east-1:683313688378:repository/sagemaker-xgboost'],
  }));
  const role = sharedRole.withoutPolicyUpdates();
  const image = lib.ContainerImage.fromBuiltInAlgorithm(lib.BuiltInAlgorithm.XGBOOST_1_7);
  for (let i = 0; i < endpoints; i++) {
    const model = (name) => new lib.Model(stack, `Model${i}${name}`, {
      image, role, modelData: lib.ModelData.fromBucket(bucket, `${i}/${name}/model.tar.gz`),
    });
    const endpoint = new lib.ModelEndpoint(stack, `Endpoint${i}`, {
      variants: [
        { variantName: 'blue', model: model('blue'), initialWeight: 1 },
        { variantName: 'green', model: model('green'), initialWeight: 0 },
      ],
      encryptionKey: key,
      alarmTopic: topic,
    });
    new lib.VariantRollout(stack, `Rollout${i}`, {
      endpoint, variants: ['blue', 'green'],
      strategy: lib.DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
    });
  }
  return stack;
}

function countResources(cdk, stack) {
  const template = cdk.assertions.Template.fromStack(stack).toJSON();
  const byType = {};
  for (const r of Object.values(template.Resources)) byType[r.Type] = (byType[r.Type] || 0) + 1;
  return { total: Object.keys(template.Resources).length, byType };
}

/**
 * Resources of a stack with 1 and with `n` endpoints: what the shared parts cost, what each more endpoint adds
 * (by type), and the total for `n`.
 */
function resourcesPerEndpoint(lib, cdk, n = 30) {
  const one = countResources(cdk, scaleStack(lib, cdk, 1, 'ScaleOne'));
  const two = countResources(cdk, scaleStack(lib, cdk, 2, 'ScaleTwo'));
  const many = countResources(cdk, scaleStack(lib, cdk, n, 'ScaleMany'));
  const added = {};
  for (const [type, count] of Object.entries(two.byType)) {
    const d = count - (one.byType[type] || 0);
    if (d > 0) added[type] = d;
  }
  const perEndpoint = two.total - one.total;
  return { endpoints: n, perEndpoint, perEndpointByType: added, shared: one.total - perEndpoint, total: many.total };
}

module.exports = { scaleStack, countResources, resourcesPerEndpoint };
