/**
 * The AWS calls a shipped Lambda bundle can make, read from its code: the bundles keep the AWS SDK external
 * (scripts/bundle.js), so esbuild leaves one `var import_client_x = require("@aws-sdk/client-x")` per importing
 * module and every use as `import_client_x.SomethingCommand`; what tree shaking removed is not there. Commands,
 * paginators (`paginateListObjectsV2`) and waiters (`waitUntilEndpointInService`) are calls; clients, exceptions and
 * enums are not.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { operationInput, serviceModel, waiterOperation } from './aws-data';
import { reachableCode } from './reachable-code';

export interface SdkCall {
  /** The SDK package (`@aws-sdk/client-sagemaker`, `@aws-sdk/lib-dynamodb`). */
  readonly pkg: string;
  /** What the code names (`UpdateEndpointWeightsAndCapacitiesCommand`, `paginateListObjectsV2`, `GetCommand`). */
  readonly symbol: string;
  /** botocore's service folder (`sagemaker`, `stepfunctions`, `events`). */
  readonly service: string;
  /** The API operation (`UpdateEndpointWeightsAndCapacities`, `GetItem`). */
  readonly operation: string;
}

/**
 * The document client's commands and the DynamoDB operations they send, read from lib-dynamodb itself: each command
 * class marshals its input and sends `this.clientCommand = new <Operation>Command(...)` of client-dynamodb.
 */
let documentClient: Map<string, string> | undefined;
function documentClientOperations(sdkRoot: string): Map<string, string> {
  if (documentClient) return documentClient;
  const code = fs.readFileSync(path.join(sdkRoot, 'node_modules', '@aws-sdk', 'lib-dynamodb', 'dist-cjs', 'index.js'), 'utf8');
  const ops = new Map<string, string>();
  for (const body of code.split(/\nclass /)) {
    const m = /^(\w+Command) extends DynamoDBDocumentClientCommand \{[\s\S]*?this\.clientCommand = new (\w+?)Command(?:\$\d+)?\(/.exec(body);
    if (m) ops.set(m[1], m[2]);
  }
  if (ops.size === 0) throw new Error('lib-dynamodb: no document-client command found; its build changed form');
  documentClient = ops;
  return ops;
}

/** SDK v3 client packages whose botocore folder is not the package name without `client-`. */
export const BOTOCORE_FOLDER: Record<string, string> = { sfn: 'stepfunctions', eventbridge: 'events' };

const services = new Map<string, string>();

/** botocore's folder for an SDK v3 client package, checked against the service id the package itself declares. */
export function botocoreService(pkg: string, sdkRoot: string): string {
  const known = services.get(pkg);
  if (known) return known;
  const name = pkg.replace(/^@aws-sdk\/client-/, '');
  const service = BOTOCORE_FOLDER[name] ?? name;
  const dist = path.join(sdkRoot, 'node_modules', pkg, 'dist-cjs');
  const file = ['index.js', 'runtimeConfig.shared.js'].map((f) => path.join(dist, f)).find((f) => fs.existsSync(f))!;
  const declared = /serviceId:[^"',]*["']([^"']+)["']/.exec(fs.readFileSync(file, 'utf8'))?.[1];
  const modelled = serviceModel(service).metadata.serviceId;
  if (declared !== modelled) {
    throw new Error(`${pkg} declares serviceId '${declared}', but botocore's '${service}' is '${modelled}': add the package to BOTOCORE_FOLDER`);
  }
  services.set(pkg, service);
  return service;
}

/** The call a symbol of an SDK package stands for, or undefined when it is not a call (a client, an exception, an enum). */
function callOf(pkg: string, symbol: string, sdkRoot: string): SdkCall | undefined {
  if (pkg === '@aws-sdk/lib-dynamodb') {
    if (!symbol.endsWith('Command')) return undefined;
    const operation = documentClientOperations(sdkRoot).get(symbol);
    if (!operation) throw new Error(`${pkg}.${symbol}: lib-dynamodb has no such document-client command`);
    return { pkg, symbol, service: 'dynamodb', operation };
  }
  if (!pkg.startsWith('@aws-sdk/client-')) throw new Error(`${pkg}.${symbol}: an AWS SDK package the audit does not know`);
  const service = botocoreService(pkg, sdkRoot);
  let operation: string | undefined;
  if (/^[A-Z]\w*Command$/.test(symbol)) operation = symbol.replace(/Command$/, '');
  else if (symbol.startsWith('paginate')) operation = symbol.slice('paginate'.length);
  else if (/^waitUntil|^waitFor/.test(symbol)) {
    const waiter = symbol.replace(/^waitUntil|^waitFor/, '');
    operation = waiterOperation(service, waiter);
    if (!operation) throw new Error(`${pkg}.${symbol}: botocore's ${service} has no waiter '${waiter}'`);
  } else return undefined;
  if (!operationInput(service, operation)) throw new Error(`${pkg}.${symbol}: botocore's ${service} has no operation '${operation}'`);
  return { pkg, symbol, service, operation };
}

/** `UpdateEndpointWeightsAndCapacities` as an aggregated client's method: `updateEndpointWeightsAndCapacities`. */
const lowerCamel = (operation: string) => operation[0].toLowerCase() + operation.slice(1);

/** The variables bound to AWS SDK packages in bundled code (`var import_client_s3 = require("@aws-sdk/client-s3")`). */
function sdkPackages(code: string, origin: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const m of code.matchAll(/\b(\w+)\s*=\s*(?:__toESM\()?require\("(@aws-sdk\/[^"]+)"\)/g)) packages.set(m[1], m[2]);
  const required = [...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].length;
  if (required !== packages.size) throw new Error(`${origin} requires the AWS SDK in a form the audit does not read`);
  return packages;
}

/**
 * The AWS calls in reached code (reachable-code.ts) of bundled JavaScript whose SDK packages are bound to `packages`.
 * Besides esbuild's form (`import_client_sfn.StartExecutionCommand`), tsc's CommonJS form is read
 * (`client_sfn_1 = require("@aws-sdk/client-sfn")`), with aggregated clients (`new client_sfn_1.SFN()`, then
 * `sfn.startExecution(...)`), as aws-cdk-lib's own handlers use.
 */
function sdkCallsIn(texts: string[], packages: Map<string, string>, sdkRoot: string): SdkCall[] {
  const calls: SdkCall[] = [];
  for (const [variable, pkg] of packages) {
    const uses = texts.flatMap((t) => [...t.matchAll(new RegExp(`\\b${variable}\\.(\\w+)`, 'g'))].map((m) => m[1]));
    for (const symbol of new Set(uses)) {
      const call = callOf(pkg, symbol, sdkRoot);
      if (call) calls.push(call);
    }
    // An aggregated client (a class of the package that is neither a client, a command nor an exception).
    const aggregated = texts.flatMap((t) => [...t.matchAll(new RegExp(`new ${variable}\\.(\\w+)\\(`, 'g'))].map((m) => m[1]))
      .filter((c) => !/(Client|Command|Exception)$/.test(c));
    if (aggregated.length === 0 || pkg === '@aws-sdk/lib-dynamodb') continue;
    const service = botocoreService(pkg, sdkRoot);
    const byMethod = new Map(Object.keys(serviceModel(service).operations).map((op) => [lowerCamel(op), op]));
    for (const m of texts.flatMap((t) => [...t.matchAll(/\.(\w+)\(/g)])) {
      const operation = byMethod.get(m[1]);
      if (operation) calls.push({ pkg, symbol: `${aggregated[0]}.${m[1]}`, service, operation });
    }
  }
  return calls;
}

const unique = (calls: SdkCall[]) => [...new Map(calls.map((c) => [`${c.service}:${c.operation}`, c])).values()]
  .sort((a, b) => `${a.service}:${a.operation}`.localeCompare(`${b.service}:${b.operation}`));

/**
 * Every AWS call the code reachable from a handler export can make, in the JavaScript files of a directory (an
 * aws-cdk-lib asset: its entry file and the modules it requires) or in one bundle.
 */
export function sdkCallsOfFiles(files: Array<{ name: string; code: string }>, exportName: string, sdkRoot: string): SdkCall[] {
  const texts = reachableCode(files, exportName);
  const packages = new Map<string, string>();
  for (const f of files) for (const [v, p] of sdkPackages(f.code, f.name)) packages.set(v, p);
  return unique(sdkCallsIn(texts, packages, sdkRoot));
}

/** The JavaScript files of an asset directory. */
export function filesOf(dir: string): Array<{ name: string; code: string }> {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => ({ name: path.join(dir, f), code: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Every AWS call one exported handler of this library can make: its source bundled again with the build's own esbuild
 * options (scripts/bundle.js) from an entry that exports only that handler, so that tree shaking leaves out what the
 * bundle's other handlers use, then the reachable part of it; plus the worker scripts shipped next to it
 * (`*.worker.js`, whole: a worker runs its top level).
 */
export function sdkCallsOfHandler(entry: string, exportName: string, assetDir: string, sdkRoot: string): SdkCall[] {
  const { LAMBDA_BUILD_OPTIONS } = require(path.join(sdkRoot, 'scripts', 'bundle.js'));
  const out = esbuild.buildSync({
    ...LAMBDA_BUILD_OPTIONS,
    stdin: { contents: `export { ${exportName} } from './${path.basename(entry, '.ts')}';`, resolveDir: path.dirname(entry), loader: 'ts' },
    write: false,
  });
  const code = out.outputFiles![0].text;
  const workers = filesOf(assetDir).filter((f) => f.name.endsWith('.worker.js'))
    .flatMap((f) => unique(sdkCallsIn([f.code], sdkPackages(f.code, f.name), sdkRoot)));
  return unique([...sdkCallsOfFiles([{ name: `${entry}#${exportName}`, code }], exportName, sdkRoot), ...workers]);
}
