import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AB_ENV, AbMetricConfig, experimentStateKey } from '../../../contracts/experiments';
import { acknowledgeWildcards } from '../../private/nag';
import { grantCaptureRead } from './grants';

/**
 * What both experiment jobs (the A/B analysis and the adaptive allocator) work on: the endpoint's capture files,
 * the outcome files, the experiment's state (in the outcome bucket) and its metrics. Both handlers read it with
 * one function (lambda/shared/experiment-io.ts: readAbSettings).
 */
export interface ExperimentData {
  readonly endpointName: string;
  readonly experimentName: string;
  /** Control first. */
  readonly variants: ReadonlyArray<{ readonly name: string; readonly weight: number }>;
  readonly capture: { readonly bucket: s3.IBucket; readonly prefix: string };
  readonly outcomes: s3.IBucket;
  readonly outcomePrefix: string;
  readonly metrics: readonly AbMetricConfig[];
}

/** The environment readAbSettings reads; a job adds its own variables after these. */
export function experimentEnvironment(d: ExperimentData): Record<string, string> {
  return {
    [AB_ENV.endpointName]: d.endpointName,
    [AB_ENV.experimentName]: d.experimentName,
    [AB_ENV.variants]: JSON.stringify(d.variants),
    [AB_ENV.captureBucket]: d.capture.bucket.bucketName,
    [AB_ENV.capturePrefix]: d.capture.prefix,
    [AB_ENV.outcomeBucket]: d.outcomes.bucketName,
    [AB_ENV.outcomePrefix]: d.outcomePrefix,
    [AB_ENV.stateBucket]: d.outcomes.bucketName,
    [AB_ENV.metrics]: JSON.stringify(d.metrics),
  };
}

/**
 * Read access to the capture files and the outcome files, read/write to the experiment's own state folder, each
 * acknowledged for cdk-nag (`reasons` say whose outcome files and state these are).
 */
export function grantExperimentData(fn: lambda.IFunction, d: ExperimentData, reasons: { readonly outcomes: string; readonly state: string }): void {
  grantCaptureRead(fn, d.capture.bucket, d.capture.prefix, d.endpointName);
  const reads = d.outcomes.grantRead(fn, `${d.outcomePrefix}*`);
  const state = d.outcomes.grantReadWrite(fn, `${experimentStateKey(d.experimentName).replace(/state\.json$/, '')}*`);
  acknowledgeWildcards(fn, reasons.outcomes, reads);
  acknowledgeWildcards(fn, reasons.state, state);
}
