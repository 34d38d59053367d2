/**
 * Contracts of continuous training shared by lib/training (synth), lambda/handlers/retraining-* (run time) and the
 * tests: environment variable names, ledger item shapes, trigger kinds and outcomes, and the state machine's input.
 */

/** Environment variables of the retraining trigger handler. */
export const RETRAINING_TRIGGER_ENV = {
  /** DynamoDB ledger table. */
  LEDGER_TABLE: 'CDK_MLOPS_LEDGER_TABLE',
  /** Name of the pipeline (partition key of its ledger items). */
  PIPELINE_NAME: 'CDK_MLOPS_PIPELINE_NAME',
  /** ARN of the retraining state machine. */
  STATE_MACHINE_ARN: 'CDK_MLOPS_STATE_MACHINE_ARN',
  /** The trigger policy, JSON of TriggerPolicyConfig. */
  POLICY: 'CDK_MLOPS_TRIGGER_POLICY',
  /** CloudWatch namespace, metric name and dimensions (JSON object) counting new rows. */
  ROWS_NAMESPACE: 'CDK_MLOPS_ROWS_NAMESPACE',
  ROWS_METRIC: 'CDK_MLOPS_ROWS_METRIC',
  ROWS_DIMENSIONS: 'CDK_MLOPS_ROWS_DIMENSIONS',
} as const;

/** Environment variables of the approval handler. */
export const RETRAINING_APPROVAL_ENV = {
  /** `owner/name` of the GitHub repository to dispatch to. */
  GITHUB_REPOSITORY: 'CDK_MLOPS_GITHUB_REPOSITORY',
  /** SSM SecureString parameter holding a GitHub token allowed to create repository dispatches. */
  GITHUB_TOKEN_PARAMETER: 'CDK_MLOPS_GITHUB_TOKEN_PARAMETER',
  /** GitHub API base URL. */
  GITHUB_API_URL: 'CDK_MLOPS_GITHUB_API_URL',
} as const;

/** Environment variables of the evaluation/registration handler. */
export const RETRAINING_REGISTER_ENV = {
  /** The model package group versions are registered into. */
  MODEL_PACKAGE_GROUP: 'CDK_MLOPS_MODEL_PACKAGE_GROUP',
  /** Comparison and approval settings, JSON of ComparisonConfig. */
  COMPARISON: 'CDK_MLOPS_COMPARISON',
} as const;

/** Source of the events this library puts on the default bus for a trigger a person sends (`aws events put-events`). */
export const RETRAINING_EVENT_SOURCE = 'cdk-mlops.retraining';
/** detail-type of a manual retraining request. */
export const RETRAINING_REQUEST_DETAIL_TYPE = 'Retraining Requested';

/** The trigger policy, as the construct renders it for the handler. All durations in milliseconds. */
export interface TriggerPolicyConfig {
  /** No run starts sooner than this after the previous run ended (succeeded or failed). */
  readonly coolDownMs: number;
  /** Rows the lake must have gained since the last successful run started (its snapshot); 0 disables the rule. */
  readonly minNewRows: number;
  /** A run older than this is taken as ended even if its end was never recorded (the state machine's timeout). */
  readonly maxRunMs: number;
  /** Alarm rules by role. */
  readonly drift?: AlarmRuleConfig;
  readonly quality?: AlarmRuleConfig;
}

/** "N of the last M windows": retrain when the alarm was in ALARM during at least `n` of the last `m` windows. */
export interface AlarmRuleConfig {
  /** ARNs of the alarms of this role. */
  readonly alarmArns: string[];
  readonly n: number;
  readonly m: number;
  readonly windowMs: number;
}

/** What started the trigger handler. */
export type TriggerKind = 'schedule' | 'tick' | 'drift-alarm' | 'quality-alarm' | 'manual' | 'run-ended';

/** What the policy decided about a trigger. */
export type TriggerOutcome =
  | 'started'
  | 'suppressed-already-running'
  | 'suppressed-cool-down'
  | 'suppressed-too-little-data'
  | 'no-trigger'
  | 'recorded';

/** One ledger record: a trigger and what happened to it. */
export interface LedgerRecord {
  readonly pipeline: string;
  /** ISO time of the trigger, plus a unique suffix (sort key). */
  readonly at: string;
  readonly kind: TriggerKind;
  readonly outcome: TriggerOutcome;
  /** Why, in words (e.g. "cool-down until 2026-12-02T10:00:00.000Z"). */
  readonly reason: string;
  /** For alarm triggers: the alarm and its new state. */
  readonly alarmArn?: string;
  readonly alarmState?: string;
  /** For started or ended runs: the execution. */
  readonly executionArn?: string;
  /** For ended runs: SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
  readonly runStatus?: string;
  /** New rows counted since the last run, when counted. */
  readonly newRows?: number;
}

/** Sort key of the single state item of a pipeline in the ledger table. */
export const LEDGER_STATE_KEY = 'STATE';

/** Input of a retraining execution (what the trigger handler passes to StartExecution). */
export interface RetrainingExecutionInput {
  /** Unique run id (also the snapshot prefix and job-name suffix): lowercase letters, digits and hyphens. */
  readonly runId: string;
  /** Why it runs (the trigger's reasons). */
  readonly reasons: string[];
  /** ISO time the snapshot is taken as of (partitions written up to this time). */
  readonly snapshotAt: string;
}

/** The champion the pipeline evaluates against (output of the retraining-champion handler). */
export interface ChampionInfo {
  readonly found: boolean;
  readonly modelPackageArn?: string;
  readonly image?: string;
  readonly modelDataUrl?: string;
}

/** Input of the retraining-register handler, assembled by the state machine. */
export interface RegisterInput {
  readonly runId: string;
  readonly reasons: string[];
  readonly snapshotAt: string;
  /** The materialised snapshot the run read. */
  readonly snapshot: {
    /** Where the curated table lives (all its partitions are read). */
    readonly sourceUri: string;
    /** Glue database and table the snapshot was selected from. */
    readonly database: string;
    readonly table: string;
    /** Flat prefixes of the training and holdout rows (CSV: label, row id, features...). */
    readonly trainUri: string;
    readonly holdoutUri: string;
  };
  /** DescribeTrainingJob output as the .sync task returns it (only these fields are read). */
  readonly training: {
    readonly TrainingJobName: string;
    readonly TrainingJobArn: string;
    readonly AlgorithmSpecification: { readonly TrainingImage: string };
    readonly HyperParameters?: Record<string, string>;
    readonly ModelArtifacts: { readonly S3ModelArtifacts: string };
  };
  /** Batch Transform outputs on the holdout (lines: label, row id, prediction). */
  readonly challengerPredictionsUri: string;
  readonly championPredictionsUri?: string;
  readonly champion: ChampionInfo;
  /** Where the evaluation report and lineage are written. */
  readonly reportUri: string;
}

/** Output of the retraining-register handler. */
export interface RegisterOutput {
  readonly modelPackageArn: string;
  readonly approvalStatus: string;
  readonly reason: string;
  readonly challengerWins: boolean;
}

/** Environment of the register handler besides RETRAINING_REGISTER_ENV: lineage of the code. */
export const RETRAINING_LINEAGE_ENV = {
  CODE_VERSION: 'CDK_MLOPS_CODE_VERSION',
  CODE_REPOSITORY: 'CDK_MLOPS_CODE_REPOSITORY',
} as const;
