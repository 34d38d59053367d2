// Every ```ts example of README.md and docs/*.md as a TypeScript module that compiles and synthesizes, for
// test/docs/doc-examples.test.ts (this repository, the newest aws-cdk-lib) and scripts/peer-floor.js (a fresh
// `cdk init` app at the peer floor). An example becomes `export class Example extends Stack`: its import lines and
// top-level `declare`s stay at the top, the rest runs in the constructor (so `this` is a scope). Every library export
// and the usual aws-cdk-lib modules it does not import itself are imported for it. Lines keep their place, so a
// compiler error maps back to the Markdown line. Inputs an example uses without creating them (a bucket, an earlier
// example's endpoint) are declared for the compiler (input-declarations.d.ts) and created at run time in the example's own stack,
// on first use (inputs.ts). `App` comes from tracked-app.ts, so the apps an example creates itself are synthesized too.
const fs = require('fs');
const path = require('path');

/** aws-cdk-lib modules every example may use without importing them. */
const MODULES = {
  cloudwatch: 'aws-cdk-lib/aws-cloudwatch', ec2: 'aws-cdk-lib/aws-ec2', ecr: 'aws-cdk-lib/aws-ecr',
  events: 'aws-cdk-lib/aws-events', iam: 'aws-cdk-lib/aws-iam', kms: 'aws-cdk-lib/aws-kms',
  lambda: 'aws-cdk-lib/aws-lambda', s3: 'aws-cdk-lib/aws-s3', sns: 'aws-cdk-lib/aws-sns',
  sfn: 'aws-cdk-lib/aws-stepfunctions', targets: 'aws-cdk-lib/aws-events-targets',
};
const CORE = ['Duration', 'RemovalPolicy', 'Size', 'Stack'];

/** The documents whose examples are checked: the README and every guide. */
function docFiles(root) {
  const docs = path.join(root, 'docs');
  const guides = fs.existsSync(docs) ? fs.readdirSync(docs).filter((f) => f.endsWith('.md')).sort() : [];
  return ['README.md', ...guides.map((f) => path.join('docs', f))];
}

/** The ```ts / ```typescript blocks of a Markdown file (indented ones in lists too, dedented). */
function markdownBlocks(root, file) {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let end = i + 1;
    while (end < lines.length && !/^\s*```/.test(lines[end])) end++;
    const code = lines.slice(i + 1, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    blocks.push({ file, startLine: i + 2, code });
    i = end;
  }
  return blocks;
}

function docExampleBlocks(root) {
  return docFiles(root).flatMap((f) => markdownBlocks(root, f)).map((b, i) => ({ ...b, index: i + 1 }));
}

/** The project's compiler options (tsconfig.json), for type-checking the examples as the library is checked. */
function compilerOptions(ts, root) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); },
  });
  return { ...config.options, noEmit: true, noUnusedLocals: false, rootDir: root };
}

/** Every name lib/index.ts exports (types included). */
function libraryExports(ts, root, options) {
  const index = path.join(root, 'lib', 'index.ts');
  const program = ts.createProgram([index], options);
  const checker = program.getTypeChecker();
  const names = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index))).map((s) => s.name);
  return { names, program };
}

/**
 * One example as a module whose lines keep their Markdown line numbers. Returns the text and where the block's
 * lines are in it: lines [offset, offset + topLines) are its top part, then 4 wrapper lines, then its body.
 */
function exampleModule(ts, block, { libImport, libExports }) {
  const sf = ts.createSourceFile('x.ts', block.code, ts.ScriptTarget.ES2022, true);
  const lines = block.code.split('\n');
  const top = lines.map(() => '');
  const body = lines.map(() => '');
  const imported = new Set();
  for (const st of sf.statements) {
    const from = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line;
    const to = sf.getLineAndCharacterOfPosition(st.getEnd()).line;
    const isTop = ts.isImportDeclaration(st)
      || (ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
      || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st);
    let importsApp = false;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (clause?.name) imported.add(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) imported.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) nb.elements.forEach((e) => imported.add(e.name.text));
      importsApp = st.moduleSpecifier.text === 'aws-cdk-lib' && nb && ts.isNamedImports(nb)
        && nb.elements.some((e) => e.name.text === 'App');
    }
    for (let l = from; l <= to; l++) {
      let text = lines[l];
      if (ts.isImportDeclaration(st)) text = text.replace(/'cdk-mlops'/, `'${libImport}'`);
      // The example's own App is the tracked one (same lines, so line numbers hold).
      if (importsApp) text = text.replace(/\bApp,\s*/, '').replace(/,\s*App\b/, '');
      if (importsApp && l === to) text += " import { App } from './tracked-app';";
      (isTop ? top : body)[l] = text;
    }
  }
  const core = CORE.filter((n) => !imported.has(n));
  const header = [
    `import { ${libExports.filter((n) => !imported.has(n)).join(', ')} } from '${libImport}';`,
    `import { ${core.join(', ')} } from 'aws-cdk-lib';`,
    ...(imported.has('App') ? [] : ["import { App } from './tracked-app';"]),
    ...Object.entries(MODULES).filter(([n]) => !imported.has(n)).map(([n, m]) => `import * as ${n} from '${m}';`),
    "import { Construct } from 'constructs';",
    "import { enterExample } from './inputs';",
    `void [App, ${core.join(', ')}];`,
  ];
  const text = [
    ...header,
    ...top,
    'export class Example extends Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    '    enterExample(this);',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
  return { text, offset: header.length, topLines: lines.length };
}

/** The Markdown line of a line of a generated module. */
function markdownLine(where, line) {
  let rel = line - where.offset;
  if (rel >= where.topLines) rel -= where.topLines + 4;
  return `${where.block.file}:${where.block.startLine + rel}`;
}

/**
 * Inputs the examples use without creating them, for the compiler. A name an example declares itself (`declare const
 * stack: Stack`) needs a maker in inputs.ts too.
 */
function inputDeclarations(libImport) {
  return `type Lib = typeof import('${libImport}');
declare const bucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const captureBucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const outcomeBucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const repo: import('aws-cdk-lib/aws-ecr').IRepository;
declare const apiHandler: import('aws-cdk-lib/aws-lambda').IFunction;
declare const myValidationFn: import('aws-cdk-lib/aws-lambda').IFunction;
declare const modelV1: import('${libImport}').IModel;
declare const modelV2: import('${libImport}').IModel;
declare const endpoint: import('${libImport}').IModelEndpoint;
declare const rollout: InstanceType<Lib['VariantRollout']>;
declare const data: InstanceType<Lib['DataPlatform']>;
declare const businessKpiAlarmOfCandidate: import('aws-cdk-lib/aws-cloudwatch').IAlarm;
declare const trainingRole: import('aws-cdk-lib/aws-iam').IRole;
declare const trainStep: import('aws-cdk-lib/aws-stepfunctions').IChainable;
declare const vpc: import('aws-cdk-lib/aws-ec2').IVpc;
declare const key: import('aws-cdk-lib/aws-kms').IKey;
declare const topic: import('aws-cdk-lib/aws-sns').ITopic;
`;
}

/**
 * The inputs at run time: each name is a getter on the global object that creates the input in the current example's
 * stack the first time that stack reads it (examples reference them as free identifiers).
 */
function inputsModule(libImport) {
  return `import { CfnWaitConditionHandle, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as lib from '${libImport}';

let current: Stack | undefined;
const made = new WeakMap<Stack, Map<string, unknown>>();

/**
 * Called first in every example's constructor: inputs read from now on belong to this stack. The stack gets one
 * resource of its own, because a template without resources fails validation and some examples create their own app.
 */
export function enterExample(stack: Stack): void {
  current = stack;
  new CfnWaitConditionHandle(stack, 'ExampleHarness');
}

function input(name: string, make: (s: Stack) => unknown): void {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      if (!current) throw new Error(\`input \${name} read outside an example\`);
      const mine = made.get(current) ?? new Map<string, unknown>();
      made.set(current, mine);
      if (!mine.has(name)) mine.set(name, make(current));
      return mine.get(name);
    },
  });
}

const get = (name: string) => (globalThis as any)[name];
const fn = (s: Stack, id: string) => new lambda.Function(s, id, {
  runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ passed: true });'),
});
const xgboost = () => lib.ContainerImage.fromBuiltInAlgorithm(lib.BuiltInAlgorithm.XGBOOST_1_7);
const alarm = (s: Stack, id: string) => new cloudwatch.Alarm(s, id, {
  metric: new cloudwatch.Metric({ namespace: 'Example', metricName: id }), threshold: 1, evaluationPeriods: 1,
});

input('stack', (s) => s);
input('bucket', (s) => new s3.Bucket(s, 'InputBucket'));
input('captureBucket', (s) => new s3.Bucket(s, 'InputCaptureBucket'));
input('outcomeBucket', (s) => new s3.Bucket(s, 'InputOutcomeBucket'));
input('repo', (s) => new ecr.Repository(s, 'InputRepo'));
input('apiHandler', (s) => fn(s, 'InputApiHandler'));
input('myValidationFn', (s) => fn(s, 'InputValidationFn'));
input('modelV1', (s) => new lib.Model(s, 'InputModelV1', { image: xgboost() }));
input('modelV2', (s) => new lib.Model(s, 'InputModelV2', { image: xgboost() }));
input('model', (s) => new lib.Model(s, 'InputModel', { image: xgboost() }));
input('rankerModel', (s) => new lib.Model(s, 'InputRankerModel', { image: xgboost() }));
input('summarizerModel', (s) => new lib.Model(s, 'InputSummarizerModel', { image: xgboost() }));
// docs/inference-components.md: a component with a bounded rolling update on a capturing endpoint (a ComponentRollout's needs).
input('ranker', (s) => new lib.InferenceComponentEndpoint(s, 'InputComponentEndpoint', { dataCapture: { bucket: get('captureBucket') } })
  .addInferenceComponent('InputRanker', {
    model: get('rankerModel'), computeResources: { minMemory: Size.gibibytes(2) }, copyCount: 4,
    rollingUpdate: { maximumBatchSize: lib.CapacitySize.copyCount(1), waitInterval: Duration.minutes(2), maximumExecutionTimeout: Duration.minutes(20) },
  }));
// The reference app's shape: the champion serving 90%, a challenger 10% (A/B examples name it).
input('endpoint', (s) => new lib.ModelEndpoint(s, 'InputEndpoint', {
  variants: [{ variantName: 'blue', model: get('modelV1'), initialWeight: 90 },
    { variantName: 'challenger', model: get('modelV2'), initialWeight: 10 }],
  dataCapture: { bucket: get('captureBucket') },
}));
input('irisEndpoint', (s) => new lib.ModelEndpoint(s, 'InputIrisEndpoint', {
  variants: [{ variantName: 'blue', model: get('modelV1'), initialWeight: 1 }, { variantName: 'green', model: get('modelV2'), initialWeight: 0 }],
}));
input('shadowEndpoint', (s) => new lib.ModelEndpoint(s, 'InputShadowEndpoint', {
  variants: [{ variantName: 'blue', model: get('modelV1') }],
  shadowVariant: { variantName: 'shadow', model: get('modelV2'), samplingPercentage: 100 },
  dataCapture: { bucket: get('captureBucket') },
}));
input('rollout', (s) => new lib.VariantRollout(s, 'InputRollout', {
  endpoint: new lib.ModelEndpoint(s, 'InputRolloutEndpoint', {
    variants: [{ variantName: 'blue', model: get('modelV1'), initialWeight: 1 }, { variantName: 'green', model: get('modelV2'), initialWeight: 0 }],
  }),
  strategy: lib.DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
}));
input('data', (s) => new lib.DataPlatform(s, 'InputData', {
  dataset: 'iris', columns: { sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double', label: 'int' },
}));
input('businessKpiAlarmOfCandidate', (s) => alarm(s, 'InputKpiAlarm'));
input('driftAlarm', (s) => alarm(s, 'InputDriftAlarm'));
input('qualityAlarm', (s) => alarm(s, 'InputQualityAlarm'));
input('trainingRole', (s) => new iam.Role(s, 'InputTrainingRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }));
input('trainStep', (s) => new sfn.Pass(s, 'InputTrainStep'));
input('vpc', (s) => new ec2.Vpc(s, 'InputVpc', { maxAzs: 2 }));
input('key', (s) => new kms.Key(s, 'InputKey'));
input('topic', (s) => new sns.Topic(s, 'InputTopic'));
input('pagerTopic', (s) => new sns.Topic(s, 'InputPagerTopic'));
void Duration;
`;
}

/** `App` for the examples: every instance is kept, so the runner synthesizes the apps an example makes itself too. */
const TRACKED_APP = `import * as cdk from 'aws-cdk-lib';

export const apps: cdk.App[] = [];

export class App extends cdk.App {
  constructor(props?: cdk.AppProps) {
    super(props);
    apps.push(this);
  }
}
`;

/** Writes the modules of every example under `dir`; returns them with where their lines come from. */
function writeExampleModules(ts, root, dir, { libImport, libExports }) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // Not inputs.d.ts: a compiler that finds inputs.ts beside it would take it for that file's output and skip it.
  fs.writeFileSync(path.join(dir, 'input-declarations.d.ts'), inputDeclarations(libImport));
  fs.writeFileSync(path.join(dir, 'inputs.ts'), inputsModule(libImport));
  fs.writeFileSync(path.join(dir, 'tracked-app.ts'), TRACKED_APP);
  const modules = [];
  for (const block of docExampleBlocks(root)) {
    const { text, offset, topLines } = exampleModule(ts, block, { libImport, libExports });
    const file = path.join(dir, `example-${block.index}.ts`);
    fs.writeFileSync(file, text);
    modules.push({ file, block, offset, topLines });
  }
  return modules;
}

module.exports = {
  compilerOptions, docFiles, docExampleBlocks, libraryExports, exampleModule, markdownLine, writeExampleModules, inputDeclarations,
};
