/** The audit's documented data files (test/helpers/iam-audit/data/*.json), each entry with its source. */
import lowercaseArns = require('./data/lowercase-arns.json');
import managedPolicies = require('./data/aws-managed-policies.json');
import envGatedCalls = require('./data/env-gated-calls.json');
import integrations = require('./data/step-functions-integrations.json');
import awsEvents = require('./data/aws-events.json');
import deadGrants = require('./data/dead-grants.json');

/** SageMaker resource types whose ARNs carry the name in lower case. */
export const LOWERCASE_ARN_TYPES: ReadonlyArray<{ readonly prefix: string; readonly resourceType: string; readonly evidence: string }> = lowercaseArns.types;

/** The document of an AWS managed policy by its ARN, or undefined when the data file does not have it. */
export function awsManagedPolicy(arn: string): unknown {
  const name = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(arn)?.[1];
  return name ? (managedPolicies.policies as Record<string, { document: unknown }>)[name]?.document : undefined;
}

/** Calls a handler bundle makes only when its function's environment sets a variable. */
export const ENV_GATED_CALLS: ReadonlyArray<{
  readonly bundle?: string; readonly assetFile?: string; readonly call: string; readonly environment: string; readonly reason: string;
  /** Shared sources (repository paths) where the bundle's code reads the variable, besides its handler folder. */
  readonly sources?: readonly string[];
}> = envGatedCalls.calls;

/** What an optimized integration needs of the state machine's role (one entry of data/step-functions-integrations.json). */
export interface IntegrationNeed {
  readonly action: string;
  /** Only on this resource type of the action's service. */
  readonly resourceType?: string;
  /** On the resource a parameter names (an ARN, or a name made an ARN of `arnOf`: [prefix, resource type]). */
  readonly parameter?: string;
  readonly arnOf?: string[];
  /** On the EventBridge rule Step Functions manages for `.sync`. */
  readonly rule?: string;
  /** On the event bus each entry names (default: the default bus). */
  readonly entries?: string;
}

/** Step Functions' optimized integrations, keyed `<service>:<api>`. */
export const STEP_FUNCTIONS_INTEGRATIONS: Record<string, {
  readonly service: string; readonly operation: string; readonly patterns: string[]; readonly iam: Record<string, IntegrationNeed[]>;
}> = integrations.integrations;

/** The events AWS services emit that the library's rules match: source -> detail-type -> detail fields and their values. */
export const AWS_EVENTS: Record<string, Record<string, { readonly source: string; readonly fields: Record<string, string[] | null> }>> = awsEvents.events;

/** Dead grants aws-cdk-lib's grant methods make, accepted with the reason (action -> reason). */
export const ACCEPTED_DEAD_GRANTS: Record<string, string> = deadGrants.actions;
