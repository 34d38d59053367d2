/** Environment variables the rollout handlers read; lib/rollout sets them. */
export const ROLLOUT_ENV = {
  /** DynamoDB table of rollouts, partition key `endpointName` (string): the latest rollout per endpoint. */
  TABLE: 'ROLLOUT_TABLE_NAME',
  /** DynamoDB table of every rollout ever run (contracts/rollout-history.ts: `endpointName`, `startKey`). */
  HISTORY_TABLE: 'ROLLOUT_HISTORY_TABLE_NAME',
  /** History rows expire this many seconds after the rollout ended (DynamoDB TTL); unset or 0 keeps them. */
  HISTORY_TTL_SECONDS: 'ROLLOUT_HISTORY_TTL_SECONDS',
  /** SNS topic notified on rollback and failure. */
  TOPIC: 'ROLLOUT_TOPIC_ARN',
  /** EventBridge bus the library's events go to. */
  EVENT_BUS: 'ROLLOUT_EVENT_BUS_NAME',
  /** ARN of the shared rollout state machine (used by the deploy trigger). */
  STATE_MACHINE: 'ROLLOUT_STATE_MACHINE_ARN',
  /** Built-in hook: JSON array of payloads (format of assets/payloads), set per rollout at synth. */
  HOOK_PAYLOADS: 'HOOK_PAYLOADS',
  /** Built-in hook: `s3://bucket/key` of a JSONL payload file (format of assets/payloads). */
  HOOK_PAYLOADS_S3_URI: 'HOOK_PAYLOADS_S3_URI',
  /** Request hook: content type of payloads that name none (default text/csv). */
  HOOK_CONTENT_TYPE: 'HOOK_CONTENT_TYPE',
  /** Request hook: what every answer must look like, a HookOutputSpec as JSON (contracts/hook-check.ts). */
  HOOK_EXPECTED_OUTPUT: 'HOOK_EXPECTED_OUTPUT',
  /** Built-in hook: slowest acceptable InvokeEndpoint round trip, in milliseconds (default 2000). */
  HOOK_MAX_LATENCY_MS: 'HOOK_MAX_LATENCY_MS',
  /** Built-in hook: regex the trimmed response body must match; overrides the default output check. */
  HOOK_EXPECTED_OUTPUT_REGEX: 'HOOK_EXPECTED_OUTPUT_REGEX',
  /** Built-in hook: 'probability' (one number in [0, 1], label checked), 'numeric' or 'any' (default). */
  HOOK_OUTPUT_CHECK: 'HOOK_OUTPUT_CHECK',
  /**
   * Name of the rollback Lambda: a writer whose undo of a late raise did not hold in its own budget hands the restore
   * to it (asynchronous invoke, retried by Lambda, then its dead-letter queue).
   */
  ROLLBACK_FUNCTION: 'ROLLOUT_ROLLBACK_FUNCTION_NAME',
  /** Rollback handler: how long to keep retrying a throttled or in-progress endpoint, in seconds (default 300). */
  ROLLBACK_MAX_WAIT_SECONDS: 'ROLLBACK_MAX_WAIT_SECONDS',
  /**
   * Set ('1') by a ComponentRollout on the functions it grants inference component calls (controller, rollback
   * Lambda, its guard): the shared executor makes those calls only there (the other rollout functions' roles do not
   * allow them; docs/permissions.md, env-gated calls).
   */
  COMPONENT_CALLS: 'ROLLOUT_COMPONENT_CALLS',
} as const;

/** Namespace of the handlers' own CloudWatch metrics (EMF lines, dimension `EndpointName`). */
export const ROLLOUT_METRIC_NAMESPACE = 'CdkMlops/Rollout';

/** Metric names the handlers publish and lib/rollout alarms on. */
export const ROLLOUT_METRICS = {
  /** A rollback could not put all traffic back on the stable variant (after its retries). */
  ROLLBACK_FAILED: 'RollbackFailed',
  /** The endpoint does not show the weights that were ordered (SageMaker rolled the change back, or it was refused). */
  WEIGHTS_NOT_APPLIED: 'WeightsNotApplied',
  /** A status notification (SNS or EventBridge) failed after its retries. */
  NOTIFICATION_FAILED: 'NotificationFailed',
  /** Probe requests sent to the candidate during bakes. */
  PROBE_REQUESTS: 'ProbeRequests',
} as const;
