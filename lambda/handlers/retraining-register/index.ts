/**
 * Evaluation and registration: reads the challenger's and the champion's predictions on the same holdout, runs
 * the paired comparison (lambda/core/training), writes the evaluation report and lineage to S3, and registers the
 * challenger as a new immutable version of the model package group with its lineage, metrics and approval status.
 */
import { CreateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import {
  RETRAINING_LINEAGE_ENV, RETRAINING_REGISTER_ENV as ENV, RegisterInput, RegisterOutput,
} from '../../../contracts/training';
import { ComparisonConfig, PairedRow, approvalFor, compare, customerMetadata, rowLoss } from '../../core/training';
import { clients } from '../../shared/clients';
import { optionalEnv, requireEnv } from '../../shared/env';
import { createLogger } from '../../shared/log';
import { parsePredictions } from './predictions';
import { readPrefix, writeJson } from './s3';

export async function handler(input: RegisterInput): Promise<RegisterOutput> {
  const group = requireEnv(ENV.MODEL_PACKAGE_GROUP);
  const config = JSON.parse(requireEnv(ENV.COMPARISON)) as ComparisonConfig;
  const log = createLogger({ group, runId: input?.runId });
  for (const k of ['runId', 'snapshot', 'training', 'challengerPredictionsUri', 'champion', 'reportUri'] as const) {
    if (input?.[k] === undefined) throw new Error(`retraining-register: input.${k} is missing`);
  }
  if (input.champion.found && !input.championPredictionsUri) throw new Error('retraining-register: a champion was found but championPredictionsUri is missing');

  const challenger = parsePredictions(await readPrefix(input.challengerPredictionsUri));
  if (challenger.size < config.minRows) {
    throw new Error(`retraining-register: ${challenger.size} holdout predictions of the challenger; at least ${config.minRows} are required`);
  }
  const challengerLoss = [...challenger.values()].reduce((s, p) => s + rowLoss(config.loss, p.label, p.prediction), 0) / challenger.size;
  let comparison;
  if (input.champion.found) {
    const champion = parsePredictions(await readPrefix(input.championPredictionsUri!));
    const rows: PairedRow[] = [];
    for (const [id, c] of challenger) {
      const p = champion.get(id);
      if (!p) throw new Error(`retraining-register: holdout row ${id} has a challenger prediction but no champion prediction`);
      rows.push({ label: c.label, challenger: c.prediction, champion: p.prediction });
    }
    if (champion.size !== challenger.size) throw new Error(`retraining-register: ${champion.size} champion vs ${challenger.size} challenger predictions on the same holdout`);
    comparison = compare(rows, config);
  }
  const approval = approvalFor(comparison, config);
  const t = input.training;
  const lineage = {
    runId: input.runId, reasons: input.reasons, sourceUri: input.snapshot.sourceUri,
    table: `${input.snapshot.database}.${input.snapshot.table}`, snapshotAt: input.snapshotAt,
    trainUri: input.snapshot.trainUri, holdoutUri: input.snapshot.holdoutUri, holdoutRows: challenger.size,
    trainingJobArn: t.TrainingJobArn, image: t.AlgorithmSpecification.TrainingImage, modelDataUrl: t.ModelArtifacts.S3ModelArtifacts,
    hyperparameters: t.HyperParameters ?? {}, codeVersion: optionalEnv(RETRAINING_LINEAGE_ENV.CODE_VERSION) ?? 'unknown',
    loss: config.loss, challengerLoss, comparison, championArn: input.champion.modelPackageArn,
    registeredAs: approval.status, reportUri: `${input.reportUri}evaluation.json`,
  };
  await writeJson(lineage.reportUri, { lineage, approval, config });

  const created = await clients().sagemaker.send(new CreateModelPackageCommand({
    ModelPackageGroupName: group,
    ModelPackageDescription: approval.reason.slice(0, 1024),
    ModelApprovalStatus: approval.status,
    InferenceSpecification: {
      Containers: [{ Image: lineage.image, ModelDataUrl: lineage.modelDataUrl }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    },
    MetadataProperties: {
      GeneratedBy: t.TrainingJobArn,
      CommitId: lineage.codeVersion,
      Repository: optionalEnv(RETRAINING_LINEAGE_ENV.CODE_REPOSITORY),
    },
    ModelMetrics: { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: lineage.reportUri } } },
    CustomerMetadataProperties: customerMetadata(lineage),
    ModelLifeCycle: {
      Stage: 'Development',
      StageStatus: approval.status === 'Approved' ? 'Approved' : 'PendingApproval',
      StageDescription: approval.reason.slice(0, 1024),
    },
    ClientToken: input.runId,
  }));
  log.info('registered', { modelPackageArn: created.ModelPackageArn, status: approval.status, reason: approval.reason });
  return {
    modelPackageArn: created.ModelPackageArn!, approvalStatus: approval.status, reason: approval.reason,
    challengerWins: comparison?.challengerWins ?? false,
  };
}
