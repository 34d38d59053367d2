/**
 * A real `cdk diff` from the installed CDK CLI, offline: two versions of a small app are synthesized and the second is
 * compared with the first one's template (`--template`, no AWS account). What changes between them is known here,
 * independently of any code under test.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnElement, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';

const CDK = path.join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** What changes from version 1 to version 2 of the app, by the logical ids aws-cdk-lib gives the resources. */
export interface DiffChanges {
  /** Removed, RETAIN (the Bucket default): cdk marks it orphan. */
  readonly retainedBucketRemoved: string;
  /** Removed with RemovalPolicy.DESTROY: cdk marks it destroy. */
  readonly destroyedBucketRemoved: string;
  /** bucketName changed: replacement. */
  readonly bucketReplaced: string;
  /** Partition key changed: replacement. */
  readonly tableReplaced: string;
  /** Its construct id changed: the old key leaves the stack (RETAIN), a new one is added. */
  readonly keyRemoved: string;
  /** A Glue database removed (an L1: deleted with the stack). */
  readonly glueDatabaseRemoved: string;
  /** Not data: a topic replaced and a model replaced. */
  readonly topicReplaced: string;
  readonly modelReplaced: string;
  /** Not a replacement: a tag added to a bucket. */
  readonly bucketTagged: string;
}

function app(version: 1 | 2, outdir: string): Partial<Record<keyof DiffChanges, string>> {
  const root = new App({ outdir });
  const stack = new Stack(root, 'Data');
  const id = (c: IConstruct) => stack.getLogicalId((c.node.defaultChild ?? c) as CfnElement);
  const v1 = version === 1;
  const ids: Partial<Record<keyof DiffChanges, string>> = {};
  if (v1) ids.retainedBucketRemoved = id(new s3.Bucket(stack, 'Logs'));
  if (v1) ids.destroyedBucketRemoved = id(new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY }));
  ids.bucketReplaced = id(new s3.Bucket(stack, 'Named', { bucketName: v1 ? 'cdk-mlops-diff-fixture-1' : 'cdk-mlops-diff-fixture-2' }));
  ids.tableReplaced = id(new dynamodb.Table(stack, 'Items', { partitionKey: { name: v1 ? 'id' : 'key', type: dynamodb.AttributeType.STRING } }));
  const key = new kms.Key(stack, v1 ? 'KeyOld' : 'KeyNew');
  if (v1) ids.keyRemoved = id(key);
  if (v1) ids.glueDatabaseRemoved = id(new glue.CfnDatabase(stack, 'Catalog', { catalogId: stack.account, databaseInput: { name: 'lake' } }));
  ids.topicReplaced = id(new sns.Topic(stack, 'Alerts', { topicName: v1 ? 'alerts-1' : 'alerts-2' }));
  ids.modelReplaced = id(new sagemaker.CfnModel(stack, 'Model', {
    executionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
    primaryContainer: { image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:${version}` },
  }));
  const tagged = new s3.Bucket(stack, 'Tagged');
  ids.bucketTagged = id(tagged);
  if (!v1) Tags.of(tagged).add('team', 'ml');
  root.synth();
  return ids;
}

/**
 * What `cdk diff --no-color > file 2>&1` writes for version 2 against version 1: the CLI prints the diff on stderr,
 * or on stdout when CI=true (GitHub sets it), so both streams go to one file, in order, as the workflows write it.
 */
export function realCdkDiff(): { text: string; changes: DiffChanges } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-diff-'));
  const changes = { ...app(2, path.join(dir, 'v2')), ...app(1, path.join(dir, 'v1')) } as DiffChanges;
  const out = fs.openSync(path.join(dir, 'diff.txt'), 'w');
  const r = spawnSync(process.execPath, [CDK, 'diff', 'Data', '--app', path.join(dir, 'v2'),
    '--template', path.join(dir, 'v1', 'Data.template.json'), '--no-color', '--no-notices'], {
    cwd: dir, stdio: ['ignore', out, out], env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_EC2_METADATA_DISABLED: 'true' },
  });
  fs.closeSync(out);
  const text = fs.readFileSync(path.join(dir, 'diff.txt'), 'utf8');
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cdk diff failed (${r.status}): ${text}`);
  return { text, changes };
}
