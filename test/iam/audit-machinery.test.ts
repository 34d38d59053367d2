/**
 * The permissions audit (test/helpers/iam-audit) finds each class of defect it claims to: on small stacks with one
 * defect each, and on the pieces it is made of (pattern intersection, reachability, the acknowledged wildcards of
 * lib/private/nag.ts against IAM's own data).
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledge, RESOURCELESS_ACTIONS } from '../../lib/private/nag';
import { awsDataDirs, IamReference } from '../helpers/iam-audit/aws-data';
import { globsIntersect } from '../helpers/iam-audit/policy-eval';
import { reachableCode } from '../helpers/iam-audit/reachable-code';
import { findingsOf } from '../helpers/iam-audit/report';
import { sdkCallsOfFiles } from '../helpers/iam-audit/sdk-calls';
import { auditStack, REPO_ROOT } from '../helpers/iam-audit/stack-audit';

const haveData = awsDataDirs() !== null;
// Each case synthesizes a stack and bundles its handlers again: slow on a loaded 2-core machine.
jest.setTimeout(300_000);
const bundle = (name: string) => lambda.Code.fromAsset(path.join(REPO_ROOT, 'dist', 'lambda-bundles', name));
const stack = () => new Stack(new App(), 'Audited', { env: { account: '111122223333', region: 'eu-west-1' } });
const findings = (s: Stack) => findingsOf(auditStack(s));

describe('pattern intersection', () => {
  test('a policy resource covers a resource type only where an ARN of that type matches it', () => {
    // Resource types' formats: `%` a partition, region, account or bucket name (no ':' or '/'), `*` anything.
    expect(globsIntersect('arn:aws:s3:::lake/*', 'arn:%:s3:::%/*')).toBe(true);
    expect(globsIntersect('arn:aws:s3:::lake', 'arn:%:s3:::%/*')).toBe(false);
    expect(globsIntersect('arn:aws:s3:::lake/*', 'arn:%:s3:::%')).toBe(false);
    expect(globsIntersect('arn:aws:s3:::*', 'arn:%:s3:::%/*')).toBe(true);
    expect(globsIntersect('*', 'arn:%:sagemaker:%:%:endpoint/*')).toBe(true);
    expect(globsIntersect('arn:aws:sagemaker:eu-west-1:1:endpoint-config/*', 'arn:%:sagemaker:%:%:endpoint/*')).toBe(false);
    // With `*` for the region, the pattern's own `*` could pass for ":...:endpoint/": why formats use `%`.
    expect(globsIntersect('arn:aws:sagemaker:eu-west-1:1:endpoint-config/*', 'arn:*:sagemaker:*:*:endpoint/*')).toBe(true);
    expect(globsIntersect('arn:aws:sagemaker:eu-west-1:1:model-package/Iris/*', 'arn:aws:sagemaker:eu-west-1:1:model-package/iris/3')).toBe(false);
  });
});

describe('reachability', () => {
  const bundled = [
    'var import_lib_dynamodb = require("@aws-sdk/lib-dynamodb");',
    'var Table = class { constructor(doc) { this.doc = doc; }',
    '  async get(k) { return this.doc.send(new import_lib_dynamodb.GetCommand({ Key: k })); }',
    '  async save(i) { return this.doc.send(new import_lib_dynamodb.UpdateCommand({ Item: i })); } };',
    'async function reader(e) { return new Table(e.doc).get(e.key); }',
    'async function writer(e) { return new Table(e.doc).save(e.item); }',
  ].join('\n');

  test('a handler reaches the methods it names, not the rest of the class', () => {
    const texts = reachableCode([{ name: 'bundle.js', code: bundled }], 'reader').join('\n');
    expect(texts).toContain('GetCommand');
    expect(texts).not.toContain('UpdateCommand');
    expect(reachableCode([{ name: 'bundle.js', code: bundled }], 'writer').join('\n')).toContain('UpdateCommand');
  });

  test('tsc\'s CommonJS exports: an entry reaches what its export wraps, not the other entries\' calls', () => {
    if (!haveData) return;
    const files = [
      { name: 'consts.js', code: 'exports.A = "onEvent", exports.B = "isComplete";' },
      { name: 'out.js', code: 'const c = require("@aws-sdk/client-sfn"); async function go(r) { return new c.SFN({}).startExecution(r); } exports.start = go;' },
      {
        name: 'framework.js', code: 'const consts = require("./consts"), out = require("./out");\n' +
          'async function onEvent(e) { await (0, out.start)(e); }\nasync function isComplete(e) { return e; }\n' +
          'module.exports = { [consts.A]: wrap(onEvent), [consts.B]: wrap(isComplete) };',
      },
    ];
    expect(sdkCallsOfFiles(files, 'onEvent', REPO_ROOT).map((c) => c.operation)).toEqual(['StartExecution']);
    expect(sdkCallsOfFiles(files, 'isComplete', REPO_ROOT)).toEqual([]);
  });
});

describe('functions', () => {
  test('a call the role cannot make fails, naming the function, the call and the action; the grant clears it', () => {
    if (!haveData) return;
    const runner = (grant: boolean) => {
      const s = stack();
      const fn = new lambda.Function(s, 'Runner', { code: bundle('rollout-hook-runner'), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
      if (grant) fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: ['*'] }));
      return findings(s).filter((f) => / function /.test(f));
    };
    expect(runner(false)).toEqual(expect.arrayContaining([
      expect.stringMatching(/function Audited\/Runner\/Resource .*InvokeCommand needs lambda:InvokeFunction/),
      expect.stringMatching(/SendTaskSuccessCommand needs states:SendTaskSuccess on \*/),
    ]));
    expect(runner(true).filter((f) => /lambda:InvokeFunction/.test(f))).toEqual([]);
  });

  test('an action granted on another resource type does not count; an encrypted bucket needs its key', () => {
    if (!haveData) return;
    const hook = (objects: boolean, decrypt: boolean) => {
      const s = stack();
      const key = new kms.Key(s, 'Key');
      const bucket = new s3.Bucket(s, 'Payloads', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
      const fn = new lambda.Function(s, 'Hook', {
        code: bundle('rollout-hook'), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X,
        environment: { HOOK_PAYLOADS_S3_URI: 's3://payloads/hook.jsonl' },
      });
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects ? bucket.arnForObjects('*') : bucket.bucketArn] }));
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sagemaker:InvokeEndpoint'], resources: ['arn:aws:sagemaker:eu-west-1:111122223333:endpoint-config/*'] }));
      if (decrypt) key.grantDecrypt(fn);
      return findings(s);
    };
    expect(hook(false, false)).toEqual(expect.arrayContaining([
      expect.stringMatching(/GetObjectCommand needs s3:GetObject on arn:\*:s3:\*:\*:accesspoint\/\* \| arn:\*:s3:::\*\/\*;/),
      expect.stringMatching(/s3:GetObject is granted on arn:aws:s3:::payloads.*allows nothing/),
      expect.stringMatching(/InvokeEndpointCommand needs sagemaker:InvokeEndpoint/),
      expect.stringMatching(/sagemaker:InvokeEndpoint is granted on .*endpoint-config.*allows nothing/),
    ]));
    expect(hook(true, false)).toEqual(expect.arrayContaining([
      expect.stringMatching(/s3:GetObject on Audited\/Payloads\/Resource, encrypted with Audited\/Key\/Resource needs kms:Decrypt on arn:aws:kms:eu-west-1:111122223333:key\//),
    ]));
    expect(hook(true, true).filter((f) => /needs (kms:Decrypt|s3:GetObject)/.test(f))).toEqual([]);
  });
});

describe('state machines', () => {
  const machine = (resource: string, parameters: object, grant?: string) => {
    const s = stack();
    const m = new sfn.StateMachine(s, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.CustomState(s, 'Delete', { stateJson: { Type: 'Task', Resource: resource, Parameters: parameters } })),
    });
    if (grant) m.addToRolePolicy(new iam.PolicyStatement({ actions: [grant], resources: ['arn:aws:sagemaker:eu-west-1:111122223333:model/*'] }));
    return findings(s).filter((f) => / state machine /.test(f));
  };

  test('an optimized integration Step Functions does not have fails; the SDK integration with its grant passes', () => {
    if (!haveData) return;
    expect(machine('arn:aws:states:::sagemaker:deleteModel', { 'ModelName.$': '$.name' }, 'sagemaker:DeleteModel'))
      .toEqual([expect.stringMatching(/state Delete \(sagemaker:deleteModel\): sagemaker:deleteModel is not an optimized integration/)]);
    expect(machine('arn:aws:states:::aws-sdk:sagemaker:deleteModel', { 'ModelName.$': '$.name' }))
      .toEqual([expect.stringMatching(/needs sagemaker:DeleteModel on .*model\/\*/)]);
    expect(machine('arn:aws:states:::aws-sdk:sagemaker:deleteModel', { 'ModelName.$': '$.name' }, 'sagemaker:DeleteModel')).toEqual([]);
  });

  test('parameters are checked against botocore\'s input shape', () => {
    if (!haveData) return;
    expect(machine('arn:aws:states:::aws-sdk:sagemaker:deleteModel', { 'ModelNam.$': '$.name' }, 'sagemaker:DeleteModel')).toEqual([
      expect.stringMatching(/Parameters\.ModelNam is not a member of DeleteModelInput/),
      expect.stringMatching(/Parameters\.ModelName is required by DeleteModelInput/),
    ]);
    expect(machine('arn:aws:states:::aws-sdk:sagemaker:deleteModels', {})).toEqual([expect.stringMatching(/has no operation DeleteModels/)]);
  });
});

describe('EventBridge rules', () => {
  const rule = (pattern: events.EventPattern) => {
    const s = stack();
    new events.Rule(s, 'Rule', { eventPattern: pattern });
    return findings(s);
  };

  test('detail-types, fields and values AWS does not send fail', () => {
    if (!haveData) return;
    expect(rule({ source: ['aws.glue'], detailType: ['Glue Job State Change', 'Glue Job Run Status'], detail: { state: ['SUCCEEDED'] } }))
      .toEqual([expect.stringMatching(/"Glue Job Run Status" of aws.glue never has state "SUCCEEDED"/)]);
    expect(rule({ source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARMED'] } } }))
      .toEqual([expect.stringMatching(/never has state.value "ALARMED"/)]);
    expect(rule({ source: ['aws.sagemaker'], detailType: ['SageMaker Model Package State Change'], detail: { ModelPackageGroup: ['iris'] } }))
      .toEqual([expect.stringMatching(/has no detail field ModelPackageGroup/)]);
    expect(rule({ source: ['aws.sagemaker'], detailType: ['SageMaker Model Package Approved'] })).toEqual([expect.stringMatching(/emits no "SageMaker Model Package Approved"/)]);
    expect(rule({ source: ['cdk-mlops.nothing'], detailType: ['x'] })).toEqual([expect.stringMatching(/source cdk-mlops.nothing: no event of this source is known/)]);
    expect(rule({ source: ['aws.cloudwatch'], detailType: ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM'] } } })).toEqual([]);
  });

  test('a Lambda target without a permission for EventBridge fails', () => {
    if (!haveData) return;
    const s = stack();
    const fn = new lambda.Function(s, 'Target', { code: bundle('rollout-hook'), handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    new events.CfnRule(s, 'Raw', { scheduleExpression: 'rate(1 hour)', targets: [{ id: 'fn', arn: fn.functionArn }] });
    expect(findings(s)).toEqual(expect.arrayContaining([expect.stringMatching(/rule Audited\/Raw: target .*no AWS::Lambda::Permission/)]));
  });
});

describe('policies', () => {
  const policy = (statement: iam.PolicyStatement, ack?: string) => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(statement);
    if (ack) acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', ack);
    return findings(s);
  };

  test('unknown actions, unacknowledged "*" of an action that takes a resource, and capitals SageMaker lower-cases fail', () => {
    if (!haveData) return;
    expect(policy(new iam.PolicyStatement({ actions: ['sagemaker:DescribeEndpoints'], resources: ['*'] }))).toEqual([expect.stringMatching(/sagemaker:DescribeEndpoints: IAM has no such action/)]);
    const describeAlarms = new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] });
    expect(policy(describeAlarms)).toEqual([expect.stringMatching(/cloudwatch:describealarms takes a resource \(alarm\) but is granted on "\*" without an acknowledgement that names it/)]);
    expect(policy(describeAlarms, 'Reads every alarm.')).toHaveLength(1);
    expect(policy(describeAlarms, 'cloudwatch:DescribeAlarms: the alarms are named at run time.')).toEqual([]);
    const packages = (...groups: string[]) => new iam.PolicyStatement({
      actions: ['sagemaker:DescribeModelPackage'], resources: groups.map((g) => `arn:aws:sagemaker:eu-west-1:111122223333:model-package/${g}/*`),
    });
    expect(policy(packages('Iris'))).toEqual([expect.stringMatching(/model-package\/Iris\/\*: SageMaker writes model-package ARNs in lower case/)]);
    expect(policy(packages('Iris', 'iris'))).toEqual([]);
  });

  test('the actions lib/private/nag.ts acknowledges as resource-less take no resource in IAM', () => {
    if (!haveData) return;
    const iamRef = IamReference.load();
    const matched = ['ecr', 'cloudwatch', 'ec2', 'xray', 'logs'].flatMap((p) => iamRef.expand(`${p}:*`))
      .filter((a) => new RegExp(RESOURCELESS_ACTIONS.source, 'i').test(a));
    expect(matched.length).toBeGreaterThanOrEqual(10);
    expect(matched.filter((a) => iamRef.action(a)!.resourceTypes.length > 0)).toEqual([]);
  });
});
