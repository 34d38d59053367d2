import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { CONFIG_OBJECT_SCHEME, LAMBDA_ENVIRONMENT_MAX_BYTES } from '../../contracts/lambda-environment';

/**
 * What a token in a variable is counted as while fitting: bucket and table names resolve to at most 63-255
 * characters, and the functions' ARNs and names to about 100.
 */
const TOKEN_ESTIMATE_BYTES = 100;
/** Fit to this, keeping room for variables aws-cdk-lib or a user adds later. */
const FIT_BUDGET_BYTES = LAMBDA_ENVIRONMENT_MAX_BYTES - 512;

/** An environment that fits Lambda's limit, and the configuration objects some of its values were moved to. */
export interface FittedEnvironment {
  readonly environment: Record<string, string>;
  /** Lets the function read the objects (s3:GetObject on each object, nothing else). */
  grantRead(grantee: iam.IGrantable): void;
}

/** Bytes a variable costs in the measured JSON (`"name":"value",`), tokens counted as `tokenBytes`. */
function variableBytes(name: string, value: string, tokenBytes: number): number {
  const fragments = Tokenization.reverseString(value);
  const literal = fragments.length === 0 ? '' : String(fragments.mapTokens({ mapToken: () => '' }).join({ join: (l: unknown, r: unknown) => `${l}${r}` }));
  return Buffer.byteLength(JSON.stringify(name)) + Buffer.byteLength(JSON.stringify(literal)) + 2 + fragments.tokens.length * tokenBytes;
}

function estimate(environment: Record<string, string>, tokenBytes: number): number {
  return 2 + Object.entries(environment).reduce((sum, [k, v]) => sum + variableBytes(k, v, tokenBytes), 0);
}

/**
 * Fits a handler's environment under Lambda's 4 KB: while it is over budget, the largest literal JSON value among
 * `movable` (variables whose handler reads them through lambda/shared/config-objects.ts) goes to an S3 asset and the
 * variable holds `s3://bucket/key`. Small configurations stay inline (no asset, the template unchanged). What still
 * does not fit is refused here, naming the largest variables.
 */
export function fitEnvironment(scope: Construct, owner: string, environment: Record<string, string>,
  movable: readonly string[]): FittedEnvironment {
  const env = { ...environment };
  const assets: s3assets.Asset[] = [];
  const candidates = movable
    .filter((name) => env[name] !== undefined && Tokenization.reverseString(env[name]).tokens.length === 0)
    .sort((a, b) => Buffer.byteLength(env[b]) - Buffer.byteLength(env[a]));
  for (const name of candidates) {
    if (estimate(env, TOKEN_ESTIMATE_BYTES) <= FIT_BUDGET_BYTES) break;
    const asset = configAsset(scope, name, env[name]);
    assets.push(asset);
    env[name] = `${CONFIG_OBJECT_SCHEME}${asset.s3BucketName}/${asset.s3ObjectKey}`;
  }
  const bytes = estimate(env, TOKEN_ESTIMATE_BYTES);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES) throw new Error(tooLarge(owner, env, bytes));
  return {
    environment: env,
    grantRead: (grantee) => {
      for (const a of assets) {
        grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [a.bucket.arnForObjects(a.s3ObjectKey)] }));
      }
    },
  };
}

/**
 * A synth-time check of the function's environment as it will be deployed (after everything added to it): the
 * literal bytes alone, tokens counted as nothing, so it never refuses a function Lambda would accept.
 */
export function checkEnvironmentSize(fn: lambda.Function, owner: string): void {
  fn.node.addValidation({
    validate: () => {
      const resolved = Stack.of(fn).resolve((fn.node.defaultChild as lambda.CfnFunction).environment) as { variables?: Record<string, unknown> } | undefined;
      const literal = Object.fromEntries(Object.entries(resolved?.variables ?? {}).map(([k, v]) => [k, literalText(v)]));
      const bytes = estimate(literal, 0);
      return bytes > LAMBDA_ENVIRONMENT_MAX_BYTES ? [tooLarge(owner, literal, bytes)] : [];
    },
  });
}

/** The literal characters of a resolved CloudFormation value (intrinsics count as nothing). */
function literalText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && Array.isArray((v as { 'Fn::Join'?: unknown })['Fn::Join'])) {
    const [sep, parts] = (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map(literalText).join(sep);
  }
  return '';
}

function tooLarge(owner: string, env: Record<string, string>, bytes: number): string {
  const largest = Object.entries(env).map(([k, v]) => [k, variableBytes(k, v, 0)] as const)
    .sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, n]) => `${k} ${n} bytes`).join(', ');
  return `${owner}: the Lambda environment takes about ${bytes} bytes (largest: ${largest}); Lambda allows ` +
    `${LAMBDA_ENVIRONMENT_MAX_BYTES} bytes for all variables together and the deploy would fail. Configure less in one ` +
    'construct (fewer features, stages or payloads), or split it over two.';
}

/** The JSON text as a file asset (content-addressed: the same text is the same object). */
function configAsset(scope: Construct, name: string, text: string): s3assets.Asset {
  const hash = crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'cdk-mlops-config', hash);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  if (!fs.existsSync(file)) fs.writeFileSync(file, text);
  return new s3assets.Asset(scope, `Config${name}`, { path: file });
}
