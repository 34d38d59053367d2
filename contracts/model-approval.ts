/**
 * How an approved model version reaches the endpoint: the wire format between the registry's approval handler
 * (lambda/handlers/retraining-approval), the GitHub Actions deploy workflow (.github/workflows/) and the reference
 * app (bin/), which takes the champion slots from CDK context (contracts/champion-slots.ts).
 *
 * The path: SageMaker emits "SageMaker Model Package State Change" when a version's approval status changes →
 * the approval handler sends a `repository_dispatch` (event type MODEL_APPROVAL_EVENT_TYPE, this payload as
 * `client_payload`) to the repository → the deploy workflow runs `cdk-mlops champion-slots <stack> --approved
 * <modelPackageArn>`, which puts the version into the idle champion slot, and `npx cdk deploy -c championSlots=...`
 * (the normal deploy with the guarded rollout) → the template names that exact version. The handler also records
 * the ARN in an SSM parameter (APPROVED_MODEL_PARAMETER_SUFFIX): `champion-slots` reads it to warn about an
 * approved version that is in no slot (its deploy rolled back or never ran), never to roll it out unasked.
 */

/** `event_type` of the repository_dispatch sent when a model version is approved. */
export const MODEL_APPROVAL_EVENT_TYPE = 'cdk-mlops-model-approved';

/**
 * CDK context key the reference app read the approved version from before the champion slots; it now refuses it
 * with the replacement (`-c championSlots=$(npx cdk-mlops champion-slots <stack> --approved <arn>)`). Kept as the
 * payload's `contextKey` of schema version 1.
 */
export const MODEL_PACKAGE_CONTEXT_KEY = 'modelPackageArn';

/** Name of the `workflow_dispatch` input carrying the model package ARN (for a manual re-deploy of a version). */
export const MODEL_PACKAGE_WORKFLOW_INPUT = 'model_package_arn';

/**
 * Suffix of the SSM parameter holding the ARN of the latest approved version of a model package group:
 * the parameter is named `/cdk-mlops/<model package group name>/approved-model-package-arn`.
 */
export const APPROVED_MODEL_PARAMETER_SUFFIX = 'approved-model-package-arn';

/** The SSM parameter name holding the latest approved version of a group. */
export function approvedModelParameterName(modelPackageGroupName: string): string {
  return `/cdk-mlops/${modelPackageGroupName}/${APPROVED_MODEL_PARAMETER_SUFFIX}`;
}

/** Who approved a version. */
export type ApprovalMode = 'manual' | 'automatic';

/**
 * `client_payload` of the repository_dispatch (GitHub allows at most 10 top-level properties; this has 8).
 * Read in a workflow as `github.event.client_payload.modelPackageArn`.
 */
export interface ModelApprovalPayload {
  /** Payload format version. */
  readonly schemaVersion: 1;
  /** ARN of the approved model package (the exact version), e.g. `arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/7`. */
  readonly modelPackageArn: string;
  /** The model package group. */
  readonly modelPackageGroupName: string;
  /** The version number inside the group. */
  readonly modelPackageVersion: number;
  /** Manual approval (a person) or automatic (the challenger beat the champion by the margin). */
  readonly approvalMode: ApprovalMode;
  /** Region and account of the registry: the workflow deploys to that environment. */
  readonly region: string;
  readonly account: string;
  /** MODEL_PACKAGE_CONTEXT_KEY, fixed in schema version 1 (the reference app now takes the version through `champion-slots`). */
  readonly contextKey: string;
}

/** ModelPackageArn pattern of SageMaker's API model (service-2.json), narrowed to a versioned package. */
export const MODEL_PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]{9,16}):([0-9]{12}):model-package\/([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})\/([0-9]+)$/;

/** Splits a versioned model package ARN; undefined when it is not one. */
export function parseModelPackageArn(arn: string): { region: string; account: string; group: string; version: number } | undefined {
  const m = MODEL_PACKAGE_ARN.exec(arn);
  return m ? { region: m[1], account: m[2], group: m[3], version: Number(m[4]) } : undefined;
}

/** Builds the payload for an approved version. Throws when the ARN is not a versioned model package ARN. */
export function modelApprovalPayload(modelPackageArn: string, approvalMode: ApprovalMode): ModelApprovalPayload {
  const parts = parseModelPackageArn(modelPackageArn);
  if (!parts) {
    throw new Error(`modelPackageArn '${modelPackageArn}' is not a versioned model package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>).`);
  }
  return {
    schemaVersion: 1,
    modelPackageArn,
    modelPackageGroupName: parts.group,
    modelPackageVersion: parts.version,
    approvalMode,
    region: parts.region,
    account: parts.account,
    contextKey: MODEL_PACKAGE_CONTEXT_KEY,
  };
}

/** Validates a received payload (e.g. in a workflow step or a test); returns the list of problems, empty when valid. */
export function modelApprovalPayloadProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['payload is not an object'];
  const p = value as Record<string, unknown>;
  const problems: string[] = [];
  if (p.schemaVersion !== 1) problems.push(`schemaVersion is ${JSON.stringify(p.schemaVersion)}; expected 1`);
  const parts = typeof p.modelPackageArn === 'string' ? parseModelPackageArn(p.modelPackageArn) : undefined;
  if (!parts) problems.push(`modelPackageArn ${JSON.stringify(p.modelPackageArn)} is not a versioned model package ARN`);
  if (parts && (p.modelPackageGroupName !== parts.group || p.modelPackageVersion !== parts.version)) {
    problems.push('modelPackageGroupName/modelPackageVersion do not match modelPackageArn');
  }
  if (p.approvalMode !== 'manual' && p.approvalMode !== 'automatic') problems.push(`approvalMode ${JSON.stringify(p.approvalMode)} is not 'manual' or 'automatic'`);
  if (p.contextKey !== MODEL_PACKAGE_CONTEXT_KEY) problems.push(`contextKey ${JSON.stringify(p.contextKey)} is not '${MODEL_PACKAGE_CONTEXT_KEY}'`);
  if (Object.keys(p).length > 10) problems.push('GitHub allows at most 10 top-level client_payload properties');
  return problems;
}
