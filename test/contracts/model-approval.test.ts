import {
  MODEL_PACKAGE_CONTEXT_KEY, approvedModelParameterName, modelApprovalPayload, modelApprovalPayloadProblems, parseModelPackageArn,
} from '../../contracts/model-approval';

const ARN = 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris-models/7';

test('a payload names the exact version, its group, environment and context key', () => {
  const p = modelApprovalPayload(ARN, 'automatic');
  expect(p).toEqual({
    schemaVersion: 1, modelPackageArn: ARN, modelPackageGroupName: 'iris-models', modelPackageVersion: 7,
    approvalMode: 'automatic', region: 'eu-west-1', account: '123456789012', contextKey: MODEL_PACKAGE_CONTEXT_KEY,
  });
  expect(modelApprovalPayloadProblems(p)).toEqual([]);
  // GitHub's repository_dispatch accepts at most 10 top-level client_payload properties.
  expect(Object.keys(p).length).toBeLessThanOrEqual(10);
});

test('an unversioned or group ARN is refused', () => {
  expect(parseModelPackageArn('arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/iris-models')).toBeUndefined();
  expect(() => modelApprovalPayload('arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris-models', 'manual')).toThrow(/versioned model package ARN/);
  expect(parseModelPackageArn('arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/a-b/12')).toEqual({ region: 'cn-north-1', account: '123456789012', group: 'a-b', version: 12 });
});

test('a received payload is checked field by field', () => {
  expect(modelApprovalPayloadProblems({ ...modelApprovalPayload(ARN, 'manual'), modelPackageVersion: 8 }))
    .toEqual(['modelPackageGroupName/modelPackageVersion do not match modelPackageArn']);
  expect(modelApprovalPayloadProblems('x')).toEqual(['payload is not an object']);
  expect(approvedModelParameterName('iris-models')).toBe('/cdk-mlops/iris-models/approved-model-package-arn');
});
