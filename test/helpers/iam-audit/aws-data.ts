/**
 * AWS's own machine-readable data, read from the Python packages on this machine:
 * - IAM: cfn-lint's copy of the Service Authorization Reference (`cfnlint/data/AdditionalSpecs/Policies.json`):
 *   every action of every service prefix with the resource types it takes, and each resource type's ARN formats;
 * - API models: botocore's service models (`botocore/data/<service>/<version>/service-2.json`): operation names,
 *   input shapes (members, required members) and waiters.
 * When the packages are missing the audit says so and skips, except under CI=true, where that is a failure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import ARN_FORMATS = require('./data/arn-formats.json');

let packageDirs: { cfnlint: string; botocore: string } | null | undefined;

/** The directories of cfn-lint's and botocore's packages, or null when python3 cannot import them. */
export function awsDataDirs(): { cfnlint: string; botocore: string } | null {
  if (packageDirs !== undefined) return packageDirs;
  const r = spawnSync('python3', ['-c', 'import cfnlint,botocore,os;print(os.path.dirname(cfnlint.__file__));print(os.path.dirname(botocore.__file__))'],
    { encoding: 'utf8' });
  if (r.status !== 0) {
    if (process.env.CI === 'true') throw new Error(`cfn-lint and botocore are required under CI=true (pip install cfn-lint): ${r.stderr}`);
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: python3 cannot import cfnlint and botocore, so the permissions audit did NOT run (pip install cfn-lint).');
    packageDirs = null;
    return null;
  }
  const [cfnlint, botocore] = r.stdout.trim().split('\n');
  packageDirs = { cfnlint, botocore };
  return packageDirs;
}

function dirs(): { cfnlint: string; botocore: string } {
  const d = awsDataDirs();
  if (!d) throw new Error('AWS data is not available (see awsDataDirs)');
  return d;
}

/** `*` and `?` of an IAM pattern as a case-insensitive regular expression (action names are case-insensitive). */
export function actionPattern(pattern: string): RegExp {
  const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

interface PoliciesJson {
  [prefix: string]: {
    Actions: Record<string, { Resources?: string[] }>;
    Resources?: Record<string, { ARNFormats: string[] }>;
  };
}

/** The Service Authorization Reference: actions, the resource types they take, and the ARN formats of those. */
export class IamReference {
  private static instance: IamReference | undefined;

  public static load(): IamReference {
    return (IamReference.instance ??= new IamReference(
      JSON.parse(fs.readFileSync(path.join(dirs().cfnlint, 'data', 'AdditionalSpecs', 'Policies.json'), 'utf8'))));
  }

  private constructor(private readonly data: PoliciesJson) {}

  /** The action (`prefix:Name`, any case) or undefined when IAM has no such action. */
  public action(action: string): { readonly prefix: string; readonly name: string; readonly resourceTypes: string[] } | undefined {
    const [prefix, name] = action.split(':');
    const info = this.data[prefix.toLowerCase()]?.Actions[(name ?? '').toLowerCase()];
    return info ? { prefix: prefix.toLowerCase(), name: name.toLowerCase(), resourceTypes: info.Resources ?? [] } : undefined;
  }

  /** Every action an IAM action pattern (`s3:Get*`, `kms:ReEncrypt*`, `*`) grants. */
  public expand(pattern: string): string[] {
    const [prefix] = pattern.split(':');
    const re = actionPattern(pattern);
    const prefixes = prefix.includes('*') || prefix.includes('?') ? Object.keys(this.data) : [prefix.toLowerCase()];
    return prefixes.flatMap((p) => Object.keys(this.data[p]?.Actions ?? {}).map((a) => `${p}:${a}`)).filter((a) => re.test(a));
  }

  /** An ARN of a resource type in its first documented format, with every name part set to `name`. */
  public arnFormat(prefix: string, resourceType: string, env: { partition: string; region: string; account: string }, name: string): string {
    return this.formats(prefix, resourceType)[0].replace('${Partition}', env.partition).replace('${Region}', env.region)
      .replace('${Account}', env.account).replace(/\.\*/g, name);
  }

  /**
   * The ARN formats of a resource type as patterns for policy-eval's globsIntersect: `%` for a ${Partition},
   * ${Region} or ${Account} (no `:` or `/` in them), `*` for a name; where cfn-lint's data collapses the parts of a
   * name (an S3 object is `bucket/key`), the Service Authorization Reference's format from data/arn-formats.json.
   */
  public arnGlobs(prefix: string, resourceType: string): string[] {
    const corrected = (ARN_FORMATS.formats as Record<string, string[]>)[`${prefix}/${resourceType.toLowerCase()}`];
    return corrected ?? this.formats(prefix, resourceType).map((f) => f.replace(/\$\{[A-Za-z]+\}/g, '%').replace(/\.\*/g, '*'));
  }

  private formats(prefix: string, resourceType: string): string[] {
    const formats = this.data[prefix]?.Resources?.[resourceType.toLowerCase()]?.ARNFormats;
    if (!formats) throw new Error(`IAM reference: ${prefix} has no resource type '${resourceType}'`);
    return formats;
  }
}

/** One botocore service model. */
export interface ServiceModel {
  readonly metadata: { readonly serviceId: string; readonly signingName?: string; readonly endpointPrefix: string };
  readonly operations: Record<string, { readonly input?: { readonly shape: string } }>;
  readonly shapes: Record<string, { readonly type: string; readonly members?: Record<string, { readonly shape: string }>; readonly required?: string[] }>;
}

const models = new Map<string, ServiceModel>();

function readJson(file: string): any {
  const raw = fs.readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8'));
}

/** The newest version of a file of a botocore service (`service-2.json`, `waiters-2.json`), or undefined. */
function botocoreFile(service: string, name: string): string | undefined {
  const dir = path.join(dirs().botocore, 'data', service);
  if (!fs.existsSync(dir)) return undefined;
  for (const version of fs.readdirSync(dir).sort().reverse()) {
    for (const f of [name, `${name}.gz`]) {
      if (fs.existsSync(path.join(dir, version, f))) return path.join(dir, version, f);
    }
  }
  return undefined;
}

/** botocore's model of a service (its folder name under botocore/data: `sagemaker`, `stepfunctions`, `events`). */
export function serviceModel(service: string): ServiceModel {
  let m = models.get(service);
  if (!m) {
    const file = botocoreFile(service, 'service-2.json');
    if (!file) throw new Error(`botocore has no service model '${service}'`);
    m = readJson(file) as ServiceModel;
    models.set(service, m);
  }
  return m;
}

/** The operation a waiter of a service polls (`EndpointInService` -> `DescribeEndpoint`). */
export function waiterOperation(service: string, waiter: string): string | undefined {
  const file = botocoreFile(service, 'waiters-2.json');
  return file ? readJson(file).waiters?.[waiter]?.operation : undefined;
}

/** The IAM prefix of a botocore service: its signing name, except CloudWatch (signs as `monitoring`). */
export function iamPrefix(model: ServiceModel): string {
  const signing = model.metadata.signingName ?? model.metadata.endpointPrefix;
  return signing === 'monitoring' ? 'cloudwatch' : signing;
}

/** An operation's input: member names and the required ones; undefined when the service has no such operation. */
export function operationInput(service: string, operation: string): { members: string[]; required: string[] } | undefined {
  const m = serviceModel(service);
  const op = m.operations[operation];
  if (!op) return undefined;
  const shape = op.input ? m.shapes[op.input.shape] : undefined;
  return { members: Object.keys(shape?.members ?? {}), required: shape?.required ?? [] };
}
