/**
 * Every ```ts example of README.md compiles against the library: each block is wrapped in a construct's
 * constructor (so `this` is a scope) with the library's exports and a few declared inputs in scope, and the
 * whole set is type-checked with the project's compiler options. Errors point at README lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
// Inside the repository (dist/ is ignored by git) so that aws-cdk-lib resolves from node_modules.
const outDir = path.join(root, 'dist', 'readme-examples');

/** Inputs the examples use without creating them, as a user's app would have them. */
const PREAMBLE = `import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
declare const bucket: s3.IBucket;
declare const captureBucket: s3.IBucket;
declare const repo: ecr.IRepository;
declare const apiHandler: lambda.IFunction;
declare const myValidationFn: lambda.IFunction;
declare const modelV1: IModel;
declare const modelV2: IModel;
declare const businessKpiAlarmOfCandidate: cloudwatch.IAlarm;
declare const trainingRole: iam.IRole;
declare const trainStep: sfn.IChainable;
declare const vpc: ec2.IVpc;
declare const key: kms.IKey;
declare const topic: sns.ITopic;
void [App, Duration, RemovalPolicy, Size];
`;

interface Block { index: number; startLine: number; code: string }

function readmeBlocks(): Block[] {
  const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^```(ts|typescript)\s*$/.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      blocks.push({ index: blocks.length + 1, startLine: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return blocks;
}

/** Every name lib/index exports (types included), so examples need no import lines. */
function libraryExports(): string[] {
  const program = ts.createProgram([path.join(root, 'lib', 'index.ts')], { skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(root, 'lib', 'index.ts'))!;
  return checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.name);
}

test('README.md has TypeScript examples, and every one compiles', () => {
  const blocks = readmeBlocks();
  expect(blocks.length).toBeGreaterThan(0);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const header = `${PREAMBLE}import { ${libraryExports().join(', ')} } from '${path.relative(outDir, path.join(root, 'lib')).split(path.sep).join('/')}';
export class Example extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
`;
  const headerLines = header.split('\n').length - 1;
  const files = new Map<string, Block>();
  for (const block of blocks) {
    // Import lines of the package are covered by the header; blank them so line numbers stay.
    const body = block.code.split('\n').map((l) => (/^import .* from 'cdk-mlops';$/.test(l) ? '' : l)).join('\n');
    const file = path.join(outDir, `example-${block.index}.ts`);
    fs.writeFileSync(file, `${header}${body}\n  }\n}\n`);
    files.set(file, block);
  }

  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); },
  })!;
  const options = { ...config.options, noEmit: true, noUnusedLocals: false, rootDir: root };
  const program = ts.createProgram([...files.keys()], options);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(path.resolve(d.file.fileName)))
    .map((d) => {
      const block = files.get(path.resolve(d.file!.fileName))!;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      const readmeLine = block.startLine + line - headerLines;
      return `README.md:${readmeLine} (example ${block.index}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  if (problems.length > 0) throw new Error(`README examples do not compile:\n${problems.join('\n')}`);
});
