/**
 * Champion lookup, evaluation + registration, and approval → deploy dispatch, against moto_server (SageMaker model
 * registry, S3, SSM) and a local stand-in for GitHub's REST API that records the repository_dispatch it receives.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateModelPackageGroupCommand, DescribeModelPackageCommand, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { MODEL_APPROVAL_EVENT_TYPE, modelApprovalPayloadProblems } from '../../../../contracts/model-approval';
import { RETRAINING_APPROVAL_ENV, RETRAINING_REGISTER_ENV, RegisterInput } from '../../../../contracts/training';
import { handler as approval } from '../../../../lambda/handlers/retraining-approval';
import { handler as champion } from '../../../../lambda/handlers/retraining-champion';
import { handler as register } from '../../../../lambda/handlers/retraining-register';
import { AwsClients, createClients, setClients } from '../../../../lambda/shared/clients';
import { setSsmClient } from '../../../../lambda/shared/ssm-client';
import { haveMoto, motoClientConfig, MotoServer, startMoto } from '../../../helpers/moto';
import { captureLogs } from '../support';

const maybe = haveMoto() ? describe : describe.skip;
const GROUP = 'iris-models';

maybe('model registry handlers against moto', () => {
  let moto: MotoServer;
  let aws: AwsClients;
  let ssm: SSMClient;
  let github: http.Server;
  const dispatches: Array<{ path: string; auth: string; body: any }> = [];

  beforeAll(async () => {
    moto = await startMoto();
    const config = motoClientConfig(moto.endpoint);
    aws = createClients(config);
    ssm = new SSMClient(config);
    setClients(aws);
    setSsmClient(ssm);
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'features' }));
    await aws.sagemaker.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: GROUP }));
    await ssm.send(new PutParameterCommand({ Name: '/test/github-token', Value: 'ghs_test', Type: 'SecureString' }));
    github = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        dispatches.push({ path: req.url!, auth: String(req.headers.authorization), body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => github.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      [RETRAINING_REGISTER_ENV.MODEL_PACKAGE_GROUP]: GROUP,
      [RETRAINING_APPROVAL_ENV.GITHUB_REPOSITORY]: 'acme/ml-platform',
      [RETRAINING_APPROVAL_ENV.GITHUB_TOKEN_PARAMETER]: '/test/github-token',
      [RETRAINING_APPROVAL_ENV.GITHUB_API_URL]: `http://127.0.0.1:${(github.address() as AddressInfo).port}`,
    });
  });
  afterAll(async () => {
    setClients(undefined);
    setSsmClient(undefined);
    await new Promise((r) => github?.close(r));
    await moto?.stop();
  });

  const setComparison = (approvalMode: 'manual' | 'automatic') => {
    process.env[RETRAINING_REGISTER_ENV.COMPARISON] = JSON.stringify({ loss: 'log-loss', margin: 0.01, alpha: 0.05, approval: approvalMode, minRows: 10 });
  };
  /** Holdout predictions: 40 rows, label alternating; `p` is the probability given to the true class. */
  async function predictions(key: string, p: (i: number) => number): Promise<string> {
    const lines = Array.from({ length: 40 }, (_, i) => {
      const label = i % 2;
      return `${label},row-${i},${label === 1 ? p(i) : 1 - p(i)}`;
    });
    await aws.s3.send(new PutObjectCommand({ Bucket: 'features', Key: `${key}holdout.csv.out`, Body: lines.join('\n') + '\n' }));
    return `s3://features/${key}`;
  }
  const input = (runId: string, extra: Partial<RegisterInput>): RegisterInput => ({
    runId, reasons: ['schedule'], snapshotAt: '2026-12-01T03:00:00.000Z',
    snapshot: { sourceUri: 's3://curated/iris/', database: 'lake_curated', table: 'iris', trainUri: `s3://features/retraining/${runId}/snapshot/train/`, holdoutUri: `s3://features/retraining/${runId}/snapshot/holdout/` },
    training: {
      TrainingJobName: `train-${runId}`, TrainingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/train-${runId}`,
      AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1' },
      HyperParameters: { objective: 'binary:logistic', num_round: '12' },
      ModelArtifacts: { S3ModelArtifacts: `s3://features/models/train-${runId}/output/model.tar.gz` },
    },
    challengerPredictionsUri: '', champion: { found: false }, reportUri: `s3://features/retraining/${runId}/`,
    ...extra,
  });
  const stateChange = (arn: string, status: string) => ({
    source: 'aws.sagemaker', 'detail-type': 'SageMaker Model Package State Change',
    detail: { ModelPackageGroupName: GROUP, ModelPackageArn: arn, ModelApprovalStatus: status },
  });

  it('first version: no champion, registered with its lineage for a person to approve; approval dispatches the deploy', async () => {
    captureLogs();
    setComparison('automatic');
    expect(await champion()).toEqual({ found: false });
    const out = await register(input('run-1', { challengerPredictionsUri: await predictions('retraining/run-1/eval/challenger/', () => 0.8) }));
    expect(out).toMatchObject({ approvalStatus: 'PendingManualApproval', challengerWins: false, reason: expect.stringMatching(/first version/) });

    const pkg = await aws.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: out.modelPackageArn }));
    expect(pkg.ModelApprovalStatus).toBe('PendingManualApproval');
    expect(pkg.CustomerMetadataProperties).toMatchObject({
      'data:source': 's3://curated/iris/', 'data:train': 's3://features/retraining/run-1/snapshot/train/',
      'data:snapshotAt': '2026-12-01T03:00:00.000Z', 'data:holdoutRows': '40', 'hp:num_round': '12', 'hp:objective': 'binary:logistic',
      'training:image': '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', 'metric:loss': 'log-loss',
    });
    // Mean log loss when every row gets 0.8 on its true class: -ln 0.8.
    expect(Number(pkg.CustomerMetadataProperties!['metric:challengerLoss'])).toBeCloseTo(-Math.log(0.8), 12);
    expect(pkg.MetadataProperties?.GeneratedBy).toBe('arn:aws:sagemaker:us-east-1:123456789012:training-job/train-run-1');
    const report = await aws.s3.send(new GetObjectCommand({ Bucket: 'features', Key: 'retraining/run-1/evaluation.json' }));
    expect(JSON.parse(await report.Body!.transformToString()).approval.status).toBe('PendingManualApproval');

    // Pending versions never deploy.
    expect(await approval(stateChange(out.modelPackageArn, 'PendingManualApproval'))).toMatchObject({ action: 'ignored' });
    expect(dispatches).toHaveLength(0);

    // A person approves it.
    await aws.sagemaker.send(new UpdateModelPackageCommand({ ModelPackageArn: out.modelPackageArn, ModelApprovalStatus: 'Approved' }));
    expect(await approval(stateChange(out.modelPackageArn, 'Approved'))).toMatchObject({ action: 'dispatched' });
    expect(dispatches).toHaveLength(1);
    expect(dispatches[0]).toMatchObject({ path: '/repos/acme/ml-platform/dispatches', auth: 'Bearer ghs_test' });
    expect(dispatches[0].body.event_type).toBe(MODEL_APPROVAL_EVENT_TYPE);
    expect(modelApprovalPayloadProblems(dispatches[0].body.client_payload)).toEqual([]);
    expect(dispatches[0].body.client_payload).toMatchObject({ modelPackageArn: out.modelPackageArn, approvalMode: 'manual', modelPackageVersion: 1 });
    const param = await ssm.send(new GetParameterCommand({ Name: `/cdk-mlops/${GROUP}/approved-model-package-arn` }));
    expect(param.Parameter?.Value).toBe(out.modelPackageArn);
  });

  it('the stage update the handler made (a second event of the same approved version) does not dispatch again', async () => {
    const arn = (await champion()).modelPackageArn!;
    expect(await approval(stateChange(arn, 'Approved'))).toMatchObject({ action: 'ignored', reason: expect.stringMatching(/already recorded/) });
    expect(dispatches).toHaveLength(1);
  });

  it('second version: evaluated against the champion on the same holdout, approved automatically when it wins by the margin', async () => {
    captureLogs();
    setComparison('automatic');
    const champ = await champion();
    expect(champ).toMatchObject({ found: true, image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', modelDataUrl: 's3://features/models/train-run-1/output/model.tar.gz' });
    const out = await register(input('run-2', {
      champion: champ,
      championPredictionsUri: await predictions('retraining/run-2/eval/champion/', () => 0.8),
      challengerPredictionsUri: await predictions('retraining/run-2/eval/challenger/', (i) => (i % 4 === 0 ? 0.85 : 0.9)),
    }));
    expect(out).toMatchObject({ approvalStatus: 'Approved', challengerWins: true, reason: expect.stringMatching(/^automatic: the challenger beats/) });
    const pkg = await aws.sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: out.modelPackageArn }));
    expect(pkg.CustomerMetadataProperties?.['compare:champion']).toBe(champ.modelPackageArn);
    expect(await approval(stateChange(out.modelPackageArn, 'Approved'))).toMatchObject({ action: 'dispatched' });
    expect(dispatches[1].body.client_payload).toMatchObject({ modelPackageArn: out.modelPackageArn, approvalMode: 'automatic', modelPackageVersion: 2 });
    expect(await champion()).toMatchObject({ modelPackageArn: out.modelPackageArn });
  });

  it('a challenger that does not beat the champion by the margin waits for a person, and bad inputs fail clearly', async () => {
    setComparison('automatic');
    const champ = await champion();
    const out = await register(input('run-3', {
      champion: champ,
      championPredictionsUri: await predictions('retraining/run-3/eval/champion/', () => 0.8),
      challengerPredictionsUri: await predictions('retraining/run-3/eval/challenger/', () => 0.801),
    }));
    expect(out).toMatchObject({ approvalStatus: 'PendingManualApproval', challengerWins: false, reason: expect.stringMatching(/declined/) });
    await expect(register(input('run-4', { champion: champ, challengerPredictionsUri: 's3://features/retraining/run-3/eval/challenger/' })))
      .rejects.toThrow(/championPredictionsUri is missing/);
    await expect(approval({ source: 'aws.s3' })).rejects.toThrow(/expected a SageMaker Model Package State Change/);
  });
});
