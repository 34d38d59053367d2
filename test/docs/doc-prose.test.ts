/**
 * The user docs' prose (README.md and docs/*.md but the contributors' ARCHITECTURE.md) names only API members that
 * exist. Every `code span` outside the ```fenced examples``` (which doc-examples.test.ts compiles) is checked against
 * the jsii assembly (`.jsii`, written by `npm run jsii`):
 * - `Type.member` or `Type.member(...)` where Type is a type of the assembly: member must be a property, method or
 *   enum member of Type, its base classes or its interfaces;
 * - a camelCase identifier (`minShare`, `forVariant(...)`, `percent: 10`): it must be a property, method or
 *   parameter name somewhere in the assembly, or a word of NOT_API below (each with why it is not an API member).
 */
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { docFiles } = require('../../scripts/doc-examples');

const root = path.resolve(__dirname, '..', '..');
/**
 * The user docs. The contributors' pages name internals on purpose: the map (ARCHITECTURE.md), the permissions
 * audit's machinery (permissions.md) and the synth-time checkers (validation.md).
 */
const CONTRIBUTOR_DOCS = ['ARCHITECTURE.md', 'permissions.md', 'validation.md'].map((f) => path.join('docs', f));
const USER_DOCS: string[] = docFiles(root).filter((f: string) => !CONTRIBUTOR_DOCS.includes(f));

/** camelCase words the README uses that are not members of this library's API, by what they are. */
const NOT_API: Record<string, string> = {
  // aws-cdk-lib's CDK Pipelines API (README "CDK Pipelines")
  endpointNameOutput: 'a CfnOutput of ReferenceStage named in the CDK Pipelines example',
  rolloutTableOutput: 'a CfnOutput of ReferenceStage named in the CDK Pipelines example',
  envFromCfnOutputs: 'aws-cdk-lib pipelines.ShellStep prop',
  // aws-cdk-lib's aws-codedeploy API, which docs/codedeploy-names.md compares this library's names with
  preHook: 'aws-codedeploy LambdaDeploymentGroup prop',
  grantPutLifecycleEventHookExecutionStatus: 'aws-codedeploy LambdaDeploymentGroup method',
  autoRollback: 'aws-codedeploy deployment group prop',
  ignorePollAlarmsFailure: 'aws-codedeploy deployment group prop',
  ignoreAlarmConfiguration: 'aws-codedeploy deployment group prop',
  fromLambdaDeploymentGroupAttributes: 'aws-codedeploy LambdaDeploymentGroup import',
  minimumHealthyHosts: 'aws-codedeploy ServerDeploymentConfig prop',
  zonalConfig: 'aws-codedeploy ServerDeploymentConfig prop',
  metricSystemErrorsForOperations: 'aws-cdk-lib dynamodb Table metric method',
  // functions of lambda/ and contracts/ (run-time code, not the construct API)
  decideLifecycle: 'lambda/core/rollout lifecycle decision',
  capacityToJudge: 'lambda/core/rollout/copy-readiness.ts: the warm-up guard of a component rollout',
  copyJudgement: 'lambda/core/rollout/copy-readiness.ts: the warm-up guard of a component rollout',
  componentBaselineComparison: 'lambda/core/rollout: the statistical gate of a component\'s rolling update',
  baselineSeconds: 'field of the component guard\'s properties (contracts/component-rollout.ts BaselineSeconds) and the component gate',
  pairReplay: 'lambda/core/experiments/answers.ts',
  sequentialGate: 'lambda/core/experiments sequential test',
  linfRobust: 'lambda/core/stats distance',
  dkwBand: 'lambda/core/stats: the DKW band of a baseline\'s empirical distribution',
  decidedBy: 'field of a feature\'s drift decision (constraint_violations.json, the drift report)',
  linfCategorical: 'lambda/core/stats distance',
  psiDeciles: 'lambda/core/stats distance',
  jensenShannon: 'lambda/core/stats distance',
  chi2Contingency: 'lambda/core/stats test',
  mergeSummaries: 'lambda/core/stats mergeable summaries',
  windowSummarySql: 'lambda/core/monitoring Athena SQL',
  captureTableDefinition: 'contracts/capture-table.ts',
  summaryFromAthenaRows: 'lambda/core/monitoring Athena reader',
  pairScale: 'lambda/shared/endpoint.ts weight scaling',
  comparisonPeriodSeconds: 'lambda/core/rollout: the period the controller reads at',
  throttledDecision: 'lambda/core/rollout: a check whose reads stayed throttled',
  throttledChecks: 'contracts/rollout-execution.ts: the rollout record\'s count of throttled checks in a row',
  maxErrorRateRatio: 'parameter of lambda/core/experiments/error-count-test.ts',
  // fields of wire formats, records and events (contracts/), not props
  deadlineAt: 'field of the rollout record',
  metricsPeriodSeconds: 'field of the rollout plan (contracts/rollout-plan.ts)',
  checkIntervalSeconds: 'field of the rollout plan (contracts/rollout-plan.ts)',
  rolloutId: 'field of the rollout record and hook event',
  inferenceId: 'field of outcome events and Data Capture (InferenceId)',
  eventId: 'field of Data Capture records (eventMetadata.eventId)',
  ciLower: 'field of the A/B decision event',
  ciUpper: 'field of the A/B decision event',
  pValue: 'field of the A/B decision event',
  adjustedPValue: 'field of the A/B decision event',
  cupedVarianceReduction: 'field of the A/B decision event',
  srmPValue: 'field of the A/B decision event',
  snapshotAt: 'field of the retraining execution input',
  // CDK context keys of the reference app (bin/)
  githubTokenParameter: 'context key of the reference app (bin/reference-stack.ts)',
};

interface Member { name: string; parameters?: Array<{ name: string }> }
interface JsiiType { fqn: string; name: string; kind: string; base?: string; interfaces?: string[];
  properties?: Member[]; methods?: Member[]; members?: Member[] }

function assembly(): Record<string, JsiiType> {
  const p = path.join(root, '.jsii');
  if (!fs.existsSync(p)) throw new Error(`No .jsii assembly at ${p}: run 'npm run jsii' first (npm test does).`);
  return JSON.parse(fs.readFileSync(p, 'utf8')).types;
}

/** Code spans of the docs' prose (outside fenced blocks), with where they are. */
function proseSpans(): Array<{ span: string; line: string }> {
  const spans: Array<{ span: string; line: string }> = [];
  for (const file of USER_DOCS) {
    let fenced = false;
    fs.readFileSync(path.join(root, file), 'utf8').split('\n').forEach((text, i) => {
      if (/^\s*```/.test(text)) { fenced = !fenced; return; }
      if (fenced) return;
      for (const m of text.matchAll(/`([^`]+)`/g)) spans.push({ span: m[1], line: `${file}:${i + 1}` });
    });
  }
  return spans;
}

test('every API member the docs\' prose names exists in the jsii assembly', () => {
  const types = assembly();
  const byName = new Map(Object.values(types).map((t) => [t.name, t]));
  const anywhere = new Set<string>();
  for (const t of Object.values(types)) {
    for (const m of [...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])]) anywhere.add(m.name);
    for (const m of t.methods ?? []) for (const p of m.parameters ?? []) anywhere.add(p.name);
  }
  const membersOf = (fqn: string, seen = new Set<string>()): Set<string> => {
    const t = types[fqn];
    const names = new Set<string>();
    if (!t || seen.has(fqn)) return names;
    seen.add(fqn);
    for (const m of [...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])]) names.add(m.name);
    for (const parent of [t.base, ...(t.interfaces ?? [])]) if (parent) membersOf(parent, seen).forEach((n) => names.add(n));
    return names;
  };
  const wrong: string[] = [];
  let checked = 0;
  for (const { span, line } of proseSpans()) {
    const qualified = /^([A-Z][A-Za-z0-9]*)\.([A-Za-z_][A-Za-z0-9_]*)(\(.*\))?$/.exec(span);
    if (qualified && byName.has(qualified[1])) {
      checked++;
      if (!membersOf(byName.get(qualified[1])!.fqn).has(qualified[2])) wrong.push(`${line}: \`${span}\`: ${qualified[1]} has no member '${qualified[2]}'`);
      continue;
    }
    const word = /^([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(\(.*\))?(: .*)?$/.exec(span);
    if (word) {
      checked++;
      if (!anywhere.has(word[1]) && !(word[1] in NOT_API)) wrong.push(`${line}: \`${span}\`: no API member is named '${word[1]}'`);
    }
  }
  expect(checked).toBeGreaterThan(100);
  if (wrong.length > 0) {
    throw new Error(`${wrong.length} names in the docs' prose are not in the API (fix the doc, or add a non-API word to NOT_API with why):\n${wrong.join('\n')}`);
  }
});

test('the allow-list holds only words that are not API members (so it cannot hide a renamed prop)', () => {
  const types = assembly();
  const anywhere = new Set<string>();
  for (const t of Object.values(types)) {
    for (const m of [...(t.properties ?? []), ...(t.methods ?? []), ...(t.members ?? [])]) anywhere.add(m.name);
  }
  expect(Object.keys(NOT_API).filter((w) => anywhere.has(w))).toEqual([]);
});
