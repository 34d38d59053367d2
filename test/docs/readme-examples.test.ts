/**
 * Every ```ts example of README.md (and of the guides in DOCS) compiles against the library. Each block becomes a module: its own import
 * lines (with 'cdk-mlops' pointing at lib/) and `declare` lines stay at the top, every library export and the
 * usual aws-cdk-lib modules it does not import itself are imported for it, and the rest runs inside a construct's
 * constructor (so `this` is a scope). Inputs an example uses without creating them (a bucket, the endpoint of an
 * earlier example) are ambient declarations in one shared file. The whole set is type-checked with the project's
 * compiler options; errors point at README lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
// Inside the repository (dist/ is ignored by git) so that aws-cdk-lib resolves from node_modules.
const outDir = path.join(root, 'dist', 'readme-examples');
const libPath = path.relative(outDir, path.join(root, 'lib')).split(path.sep).join('/');

/** aws-cdk-lib imports every example may use without importing them. */
const MODULES: Record<string, string> = {
  cloudwatch: 'aws-cdk-lib/aws-cloudwatch', ec2: 'aws-cdk-lib/aws-ec2', ecr: 'aws-cdk-lib/aws-ecr',
  events: 'aws-cdk-lib/aws-events', iam: 'aws-cdk-lib/aws-iam', kms: 'aws-cdk-lib/aws-kms',
  lambda: 'aws-cdk-lib/aws-lambda', s3: 'aws-cdk-lib/aws-s3', sns: 'aws-cdk-lib/aws-sns',
  sfn: 'aws-cdk-lib/aws-stepfunctions', targets: 'aws-cdk-lib/aws-events-targets',
};
const CORE = ['App', 'Duration', 'RemovalPolicy', 'Size', 'Stack'];

/** Inputs the examples use without creating them, as a user's app (or an earlier example) would have them. */
const INPUTS = `type Lib = typeof import('${libPath}');
declare const bucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const captureBucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const outcomeBucket: import('aws-cdk-lib/aws-s3').IBucket;
declare const repo: import('aws-cdk-lib/aws-ecr').IRepository;
declare const apiHandler: import('aws-cdk-lib/aws-lambda').IFunction;
declare const myValidationFn: import('aws-cdk-lib/aws-lambda').IFunction;
declare const modelV1: import('${libPath}').IModel;
declare const modelV2: import('${libPath}').IModel;
declare const endpoint: import('${libPath}').IModelEndpoint;
declare const rollout: InstanceType<Lib['VariantRollout']>;
declare const data: InstanceType<Lib['DataPlatform']>;
declare const businessKpiAlarmOfCandidate: import('aws-cdk-lib/aws-cloudwatch').IAlarm;
declare const trainingRole: import('aws-cdk-lib/aws-iam').IRole;
declare const trainStep: import('aws-cdk-lib/aws-stepfunctions').IChainable;
declare const vpc: import('aws-cdk-lib/aws-ec2').IVpc;
declare const key: import('aws-cdk-lib/aws-kms').IKey;
declare const topic: import('aws-cdk-lib/aws-sns').ITopic;
`;

/** The guides whose examples are checked like the README's. */
const DOCS = ['docs/inference-components.md'];

interface Block { file: string; index: number; startLine: number; code: string }

function exampleBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const file of ['README.md', ...DOCS]) {
    const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (/^```(ts|typescript)\s*$/.test(lines[i])) {
        const start = i + 1;
        let end = start;
        while (end < lines.length && !lines[end].startsWith('```')) end++;
        blocks.push({ file, index: blocks.length + 1, startLine: start + 1, code: lines.slice(start, end).join('\n') });
        i = end;
      }
    }
  }
  return blocks;
}

/** Every name lib/index exports (types included), so examples need no import lines. */
function libraryExports(options: ts.CompilerOptions): { names: string[]; program: ts.Program } {
  const program = ts.createProgram([path.join(root, 'lib', 'index.ts')], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(root, 'lib', 'index.ts'))!;
  return { names: checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((s) => s.name), program };
}

/**
 * One example as a module whose lines keep their README line numbers: top-level import and declare statements
 * stay where they are (outside the constructor), everything else moves into the constructor.
 * Returns the file text and the offset of the README block's first line in it.
 */
function exampleModule(block: Block, exportsOfLib: string[]): { text: string; offset: number } {
  const sf = ts.createSourceFile('x.ts', block.code, ts.ScriptTarget.ES2022, true);
  const lines = block.code.split('\n');
  const top = lines.map(() => '');
  const body = lines.map(() => '');
  const imported = new Set<string>();
  for (const st of sf.statements) {
    const from = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line;
    const to = sf.getLineAndCharacterOfPosition(st.getEnd()).line;
    const isTop = ts.isImportDeclaration(st)
      || (ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword))
      || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st);
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (clause?.name) imported.add(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) imported.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) nb.elements.forEach((e) => imported.add(e.name.text));
    }
    for (let l = from; l <= to; l++) {
      const text = (ts.isImportDeclaration(st) ? lines[l].replace(/'cdk-mlops'/, `'${libPath}'`) : lines[l]);
      (isTop ? top : body)[l] = text;
    }
  }
  // Comments and blank lines between statements stay in the body (harmless either way).
  const header = [
    `import { ${exportsOfLib.filter((n) => !imported.has(n)).join(', ')} } from '${libPath}';`,
    `import { ${CORE.filter((n) => !imported.has(n)).join(', ')} } from 'aws-cdk-lib';`,
    ...Object.entries(MODULES).filter(([n]) => !imported.has(n)).map(([n, m]) => `import * as ${n} from '${m}';`),
    "import { Construct } from 'constructs';",
    `void [${CORE.filter((n) => !imported.has(n)).join(', ')}];`,
  ];
  const text = [
    ...header,
    ...top,
    'export class Example extends Stack {',
    '  constructor(scope: Construct, id: string) {',
    '    super(scope, id);',
    ...body,
    '  }',
    '}',
    '',
  ].join('\n');
  return { text, offset: header.length };
}

test('README.md and the guides have TypeScript examples, and every one compiles', () => {
  const blocks = exampleBlocks();
  for (const file of ['README.md', ...DOCS]) expect({ file, examples: blocks.some((b) => b.file === file) }).toEqual({ file, examples: true });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const inputs = path.join(outDir, 'inputs.d.ts');
  fs.writeFileSync(inputs, INPUTS);
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); },
  })!;
  const options = { ...config.options, noEmit: true, noUnusedLocals: false, rootDir: root };
  // The second program reuses the first one's parsed library sources.
  const { names: exportsOfLib, program: libProgram } = libraryExports(options);
  const files = new Map<string, { block: Block; offset: number; topLines: number }>();
  for (const block of blocks) {
    const { text, offset } = exampleModule(block, exportsOfLib);
    const file = path.join(outDir, `example-${block.index}.ts`);
    fs.writeFileSync(file, text);
    files.set(file, { block, offset, topLines: block.code.split('\n').length });
  }

  const program = ts.createProgram([inputs, ...files.keys()], options, undefined, libProgram);
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && (files.has(path.resolve(d.file.fileName)) || path.resolve(d.file.fileName) === inputs))
    .map((d) => {
      const where = files.get(path.resolve(d.file!.fileName));
      const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!where) return `${d.file!.fileName}: ${msg}`;
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      // Lines [offset, offset + n) are the block's top part, then 3 wrapper lines, then its body.
      let rel = line - where.offset;
      if (rel >= where.topLines) rel -= where.topLines + 3;
      return `${where.block.file}:${where.block.startLine + rel} (example ${where.block.index}): ${msg}`;
    });
  if (problems.length > 0) throw new Error(`Examples do not compile:\n${problems.join('\n')}`);
});
