/**
 * The counts and figures the docs state, checked against what they describe: the synthesized reference stack, the
 * code's constants, package.json and the CLI. Each fact is a pattern in one doc whose captured values must equal
 * values computed here independently of the text; a fact whose sentence is gone fails too (remove or move the fact
 * with it). In the README's prose, every number must belong to a checked fact or be listed in README_NUMBERS with why.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  DEPLOY_JOB_TIMEOUT_MINUTES, DEPLOY_SESSION_SECONDS, ROLLOUT_WATCH_SECONDS,
} from '../../contracts/github-delivery';
import { canary, initialState, RolloutRecord, weightsFor } from '../../lambda/core/rollout';
import { EXIT } from '../../bin/cli/io';
import { renderRollout, rolloutView } from '../../bin/cli/rollout-view';
import { buildReferenceApp } from '../../bin/reference-stack';
import * as lib from '../../lib';
import { MAX_PRODUCTION_VARIANTS } from '../../lib/serving/private/endpoint-validation';
import { resourcesPerEndpoint } from '../../scripts/rollout-scale';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const read = (doc: string) => fs.readFileSync(path.join(root, doc), 'utf8');
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** The SageMaker on-demand price of ml.m5.large in us-east-1 the cost estimate states, per hour (docs/operating.md). */
const M5_LARGE_HOURLY = 0.115;
const HOURS_A_MONTH = (365 * 24) / 12;

let template: Template;
let resources: Record<string, any>;
let endpointVariants: Array<{ VariantName: string; InitialInstanceCount: number; InitialVariantWeight: number }>;

beforeAll(() => {
  // The reference app as `npx cdk synth` builds it, with cdk.json's feature flags.
  const context = JSON.parse(read('cdk.json')).context;
  const { stack } = buildReferenceApp(new cdk.App({ context }), {});
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
  const [config] = Object.values(template.findResources('AWS::SageMaker::EndpointConfig'));
  endpointVariants = config.Properties.ProductionVariants;
}, 300_000);

const count = (type: string, retained = false) => Object.values(resources)
  .filter((r) => r.Type === type && (!retained || r.DeletionPolicy === 'Retain')).length;
const instances = () => endpointVariants.reduce((n, v) => n + v.InitialInstanceCount, 0);
const weightOf = (variant: string) => endpointVariants.find((v) => v.VariantName === variant)!.InitialVariantWeight;
const monthlyCost = () => Math.round(instances() * M5_LARGE_HOURLY * HOURS_A_MONTH);

interface Fact { doc: string; pattern: RegExp; values: () => Array<string | number> }

const FACTS: Record<string, Fact> = {
  'reference endpoint variants': { doc: 'README.md', pattern: /from (\w+) production variants/, values: () => [WORDS[endpointVariants.length]] },
  'champion share and idle slot': {
    doc: 'README.md', pattern: /`blue` \(serving the champion's (\d+)%\) and `green`\n\(idle at weight (\d+),/,
    values: () => [weightOf('blue'), weightOf('green')],
  },
  'A/B split': { doc: 'README.md', pattern: /a (\d+)\/(\d+) A\/B split/, values: () => [weightOf('blue') + weightOf('green'), weightOf('challenger')] },
  'the rollout\'s canary': {
    doc: 'README.md', pattern: /rolls out as a (\d+)% canary of the champion share/,
    values: () => {
      // The plan the deploy trigger of the reference stack starts (its custom resource's Plan property).
      const [plan] = Object.values(resources).map((r) => r.Properties?.Plan).filter((p) => typeof p === 'string');
      return [JSON.parse(plan).steps[0].candidatePercent];
    },
  },
  'cost in the README': {
    doc: 'README.md', pattern: /about \$(\d+) a month in us-east-1,\nalmost all of it the endpoint's (\w+) instances/,
    values: () => [monthlyCost(), WORDS[instances()]],
  },
  'cost estimate': {
    doc: 'docs/operating.md', pattern: /about (\d+) × \$([\d.]+)\/h × (\d+) h ≈ \*\*\$(\d+) a month\*\*/,
    values: () => [instances(), M5_LARGE_HOURLY, HOURS_A_MONTH, monthlyCost()],
  },
  'keys and alarms of the stack': {
    doc: 'docs/operating.md', pattern: /(\d+) KMS keys \(\$1 each a month\), (\d+) CloudWatch alarms/,
    values: () => [count('AWS::KMS::Key'), count('AWS::CloudWatch::Alarm')],
  },
  'what a destroy retains': {
    doc: 'docs/operating.md', pattern: /the (\d+) S3 buckets \([^)]*\), (\d+) KMS\nkey \(the lake's\), (\d+) DynamoDB tables/,
    values: () => [count('AWS::S3::Bucket', true), count('AWS::KMS::Key', true), count('AWS::DynamoDB::Table', true)],
  },
  'handlers bundled': {
    doc: 'docs/ARCHITECTURE.md', pattern: /bundles the (\d+) handlers/,
    values: () => [fs.readdirSync(path.join(root, 'lambda', 'handlers')).filter((d) => fs.existsSync(path.join(root, 'lambda', 'handlers', d, 'index.ts'))).length],
  },
  'the loader\'s length': {
    doc: 'docs/ARCHITECTURE.md', pattern: /runs `node scripts\/cdk-app\.js` \((\d+) lines\)/,
    values: () => [read('scripts/cdk-app.js').split('\n').length - 1],
  },
  'deploy watch, job and session': {
    doc: 'docs/delivery.md', pattern: /gives up after (\d+) hours \(`--timeout (\d+)`\), the deploy job after\n(\d+) minutes[\s\S]*?the AWS session lasts\n(\d+) hours \(`role-duration-seconds: (\d+)`/,
    values: () => [ROLLOUT_WATCH_SECONDS / 3600, ROLLOUT_WATCH_SECONDS, DEPLOY_JOB_TIMEOUT_MINUTES, DEPLOY_SESSION_SECONDS / 3600, DEPLOY_SESSION_SECONDS],
  },
  'install command': {
    doc: 'README.md', pattern: /cdk-mlops-([\d.]+)\.tgz aws-cdk-lib@\^([\d.]+) constructs@\^([\d.]+)/,
    values: () => [pkg.version, pkg.peerDependencies['aws-cdk-lib'].slice(1), pkg.peerDependencies.constructs.slice(1)],
  },
  'install once published': {
    doc: 'README.md', pattern: /`npm install cdk-mlops aws-cdk-lib@\^([\d.]+) constructs@\^([\d.]+)`/,
    values: () => [pkg.peerDependencies['aws-cdk-lib'].slice(1), pkg.peerDependencies.constructs.slice(1)],
  },
  'pack output': { doc: 'README.md', pattern: /and its Lambda bundles: cdk-mlops-([\d.]+)\.tgz/, values: () => [pkg.version] },
  'peer floor': {
    // The release below the floor is the one that fails (npm run peer-floor <version> shows it).
    doc: 'README.md', pattern: /\*\*aws-cdk-lib ([\d.]+) or later\.\*\*[\s\S]*?(\d+\.\d+\.\d+)'s built-in template validator/,
    values: () => {
      const [major, minor] = pkg.peerDependencies['aws-cdk-lib'].slice(1).split('.').map(Number);
      return [`${major}.${minor}.0`, `${major}.${minor - 1}.0`];
    },
  },
  'Node.js versions': {
    doc: 'README.md', pattern: /\*\*Node\.js (\d+) and (\d+)\*\* \(`engines`: (\d+) or later/,
    values: () => {
      const matrix = /node: \[([^\]]+)\]/.exec(read('.github/workflows/pull-request.yml'))![1].split(',').map((n) => Number(n.trim()));
      return [...matrix, Number(/^>=(\d+)/.exec(pkg.engines.node)![1])];
    },
  },
  'Lambda runtime': {
    doc: 'README.md', pattern: /The library's Lambda handlers run on\n\s*Lambda's Node\.js (\d+) runtime/,
    values: () => {
      // The library's own handlers; aws-cdk-lib's custom-resource provider framework (logical ids `...framework
      // onEvent|isComplete|onTimeout...`) picks its own.
      const runtimes = new Set(Object.entries(resources)
        .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && !/framework(onEvent|isComplete|onTimeout)/.test(id))
        .map(([, r]) => r.Properties.Runtime as string));
      expect(runtimes.size).toBe(1);
      return [Number(/^nodejs(\d+)\.x$/.exec([...runtimes][0])![1])];
    },
  },
  'default alarms': {
    doc: 'docs/serving-and-rollout.md',
    pattern: /\| 5XX error rate \| above (\d+)% \(`errorRateThreshold: ([\d.]+)`\) \| (\d) of (\d) one-minute periods \| not breaching \|\n\| p99 ModelLatency \| above (\d+) s/,
    values: () => {
      const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Invocation5XXErrors' } }))[0];
      return [lib.VariantAlarms.DEFAULT_ERROR_RATE_THRESHOLD * 100, lib.VariantAlarms.DEFAULT_ERROR_RATE_THRESHOLD,
        alarm.Properties.DatapointsToAlarm, alarm.Properties.EvaluationPeriods, lib.VariantAlarms.DEFAULT_LATENCY_P99_THRESHOLD.toSeconds()];
    },
  },
  'production variants per endpoint': { doc: 'docs/serving-and-rollout.md', pattern: /(\d+)–(\d+) production variants/, values: () => [1, MAX_PRODUCTION_VARIANTS] },
  'scale': {
    doc: 'docs/limits.md', pattern: /adds (\d+) resources \(2 models, config, endpoint, 8 alarms,\n2 custom resources\)[\s\S]*?so (\d+) endpoints fit in (\d+) of\nCloudFormation's (\d+)/,
    values: () => {
      const r = resourcesPerEndpoint(lib, cdk, 30);
      const byType = r.perEndpointByType;
      expect([byType['AWS::SageMaker::Model'], byType['AWS::CloudWatch::Alarm']]).toEqual([2, 8]);
      // CloudFormation's resources per template (its quotas page; cfn-lint's rule E3007 holds the same number).
      return [r.perEndpoint, r.endpoints, r.total, 500];
    },
  },
};

describe('facts the docs state', () => {
  for (const [name, fact] of Object.entries(FACTS)) {
    it(`${name} (${fact.doc})`, () => {
      const m = fact.pattern.exec(read(fact.doc));
      if (!m) throw new Error(`${fact.doc} no longer has the sentence of the fact '${name}' (${fact.pattern}): fix the doc or the fact`);
      expect(m.slice(1)).toEqual(fact.values().map(String));
    });
  }

  it('the CLI\'s exit codes (docs/operating.md) are the CLI\'s', () => {
    const rows = [...read('docs/operating.md').matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(Object.values(EXIT));
  });

  it('the rollout get output of docs/operating.md is what the CLI prints for that rollout', () => {
    const doc = read('docs/operating.md');
    const shown = /`rollout get` shows the same rollout in full[^\n]*\n\n```text\n([\s\S]*?)```/.exec(doc)![1];
    // A canary of 10% for 5 minutes, started at 08:00:00; its first shift at 08:00:20; read 104 s after the start,
    // 4 s after the controller's last write; 12 candidate invocations published so far.
    const started = Date.parse('2027-01-15T08:00:00Z') / 1000;
    const record: RolloutRecord = {
      endpointName: 'iris', rolloutId: 'iris-2027-01-15T08-00-00Z', executionArn: 'arn', stableVariant: 'blue',
      candidateVariant: 'green', plan: canary(10, 300), alarmNames: ['iris-5xx'],
      state: { ...initialState(started), phase: 'BAKING', stepIndex: 0, phaseStartedAt: started + 20, weights: weightsFor(10) },
      history: [{ at: started + 20, kind: 'SHIFT', reason: 'step 1/2: 10% candidate' }], updatedAt: started + 100,
    };
    const view = rolloutView({ record, now: started + 104, live: { status: 'InService', weights: weightsFor(10) },
      alarms: [{ name: 'iris-5xx', state: 'OK' }], candidateInvocations: 12 });
    expect(shown).toBe(renderRollout(view));
  });
});

/** Numbers of the README's prose that are not a fact's, each with why it needs no check. */
const README_NUMBERS: Record<string, string> = {
  'CDK (v2)': 'the major version of the AWS CDK, part of the name',
  '(v2)': 'the major version of the AWS CDK, part of the name',
  'cdk-mlops-0.1.0.tgz': 'in the install command, checked by the fact "install command"',
  '5XX': 'the name of SageMaker\'s error metric',
  '**1.': 'the journey\'s step numbers', '**2.': 'the journey\'s step numbers', '**3.': 'the journey\'s step numbers',
  '**4.': 'the journey\'s step numbers', '**5.': 'the journey\'s step numbers',
  '10-second': 'what the ten-second-signals guide is about (its own figures are checked in that guide)',
  'Apache-2.0': 'the licence\'s name, checked against package.json by test/delivery/package-metadata.test.ts',
  'p99': 'the name of a percentile',
};

it('every number in the README\'s prose is a checked fact or explained', () => {
  const text = read('README.md');
  const covered: Array<[number, number]> = [];
  for (const fact of Object.values(FACTS).filter((f) => f.doc === 'README.md')) {
    const m = fact.pattern.exec(text);
    if (m) covered.push([m.index, m.index + m[0].length]);
  }
  const unexplained: string[] = [];
  let fenced = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (!fenced) {
      for (const m of line.matchAll(/\S*\d\S*/g)) {
        const at = offset + m.index!;
        const inFact = covered.some(([a, b]) => at >= a && at < b);
        const explained = Object.keys(README_NUMBERS).some((k) => m[0].includes(k));
        if (!inFact && !explained) unexplained.push(`README.md: '${m[0]}' in: ${line.trim()}`);
      }
    }
    offset += line.length + 1;
  }
  expect(unexplained).toEqual([]);
});
