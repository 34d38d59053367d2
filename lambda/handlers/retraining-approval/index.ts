/**
 * Approval → deploy: on the registry's "SageMaker Model Package State Change" event of an Approved version,
 * records the version as the group's approved one (SSM parameter read by every deploy), marks its life-cycle stage,
 * and sends a repository_dispatch to the GitHub deploy workflow with the version ARN (contracts/model-approval.ts).
 */
import { DescribeModelPackageCommand, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ApprovalMode, approvedModelParameterName, modelApprovalPayload } from '../../../contracts/model-approval';
import { RETRAINING_APPROVAL_ENV as ENV } from '../../../contracts/training';
import { clients } from '../../shared/clients';
import { optionalEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { ssmClient } from '../../shared/ssm-client';
import { repositoryDispatch } from './github';

export interface ApprovalResult {
  readonly action: 'ignored' | 'recorded' | 'dispatched';
  readonly modelPackageArn?: string;
  readonly reason: string;
}

export async function handler(event: any): Promise<ApprovalResult> {
  if (event?.source !== 'aws.sagemaker' || event?.['detail-type'] !== 'SageMaker Model Package State Change') {
    throw new Error(`retraining-approval: expected a SageMaker Model Package State Change event, got source ${JSON.stringify(event?.source)} detail-type ${JSON.stringify(event?.['detail-type'])}`);
  }
  const d = event.detail ?? {};
  const arn: string | undefined = d.ModelPackageArn;
  if (d.ModelApprovalStatus !== 'Approved') return { action: 'ignored', modelPackageArn: arn, reason: `approval status is ${d.ModelApprovalStatus}` };
  if (typeof arn !== 'string') throw new Error('retraining-approval: event detail has no ModelPackageArn');
  const log = createLogger({ modelPackageArn: arn });

  // Registered as Approved means the pipeline approved it; a later change to Approved is a person's.
  const pkg = await clients().sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  const mode: ApprovalMode = pkg.CustomerMetadataProperties?.['approval:registeredAs'] === 'Approved' ? 'automatic' : 'manual';
  const payload = modelApprovalPayload(arn, mode);
  const parameter = approvedModelParameterName(payload.modelPackageGroupName);

  // Marking the stage below emits another state-change event of this Approved version: that one (and any
  // duplicate delivery) finds the version already recorded as the approved one, and stops here. Approving an
  // older version again (a rollback) is a change of the record, so it deploys.
  if (await currentApproved(parameter) === arn) {
    return { action: 'ignored', modelPackageArn: arn, reason: 'already recorded as the approved version (deploy requested before)' };
  }
  await ssmClient().send(new PutParameterCommand({
    Name: parameter, Value: arn, Type: 'String', Overwrite: true,
  }));
  await clients().sagemaker.send(new UpdateModelPackageCommand({
    ModelPackageArn: arn,
    // Restated (unchanged) so that no implementation of the API can read the omission as a change.
    ModelApprovalStatus: 'Approved',
    ModelLifeCycle: { Stage: 'Production', StageStatus: 'Deploying', StageDescription: `approved (${mode}); deploy requested` },
  }));

  const repository = optionalEnv(ENV.GITHUB_REPOSITORY);
  const tokenParameter = optionalEnv(ENV.GITHUB_TOKEN_PARAMETER);
  if (!repository || !tokenParameter) {
    log.info('approved version recorded; no GitHub repository configured, so the next deploy picks it up', { mode });
    return { action: 'recorded', modelPackageArn: arn, reason: 'no GitHub repository configured' };
  }
  const token = await ssmClient().send(new GetParameterCommand({ Name: tokenParameter, WithDecryption: true }));
  if (!token.Parameter?.Value) throw new Error(`retraining-approval: the token parameter ${tokenParameter} is empty`);
  await repositoryDispatch(optionalEnv(ENV.GITHUB_API_URL) ?? 'https://api.github.com', repository, token.Parameter.Value, payload);
  log.info('deploy workflow dispatched', { repository, mode });
  return { action: 'dispatched', modelPackageArn: arn, reason: `repository_dispatch to ${repository} (${mode} approval)` };
}

async function currentApproved(name: string): Promise<string | undefined> {
  try {
    return (await ssmClient().send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (e) {
    if ((e as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw e;
  }
}
