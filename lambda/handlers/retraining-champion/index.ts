/** Finds the current champion: the newest Approved version of the model package group (what serving deploys). */
import { DescribeModelPackageCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import { ChampionInfo, RETRAINING_REGISTER_ENV as ENV } from '../../../contracts/training';
import { clients } from '../../shared/clients';
import { requireEnv } from '../../shared/env';

export async function handler(): Promise<ChampionInfo> {
  const group = requireEnv(ENV.MODEL_PACKAGE_GROUP);
  const list = await clients().sagemaker.send(new ListModelPackagesCommand({
    ModelPackageGroupName: group, ModelPackageType: 'Versioned', ModelApprovalStatus: 'Approved',
    SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 1,
  }));
  const arn = list.ModelPackageSummaryList?.[0]?.ModelPackageArn;
  if (!arn) return { found: false };
  const d = await clients().sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  const c = d.InferenceSpecification?.Containers?.[0];
  if (!c?.Image || !c.ModelDataUrl) throw new Error(`retraining-champion: ${arn} has no container image and model data to evaluate`);
  return { found: true, modelPackageArn: arn, image: c.Image, modelDataUrl: c.ModelDataUrl };
}
