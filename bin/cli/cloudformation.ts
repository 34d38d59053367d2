/**
 * CloudFormation DescribeStacks for the CLI, as one signed Query-protocol request. @aws-sdk/client-cloudformation is
 * not a dependency of this package; this reads only what `champion-slots` needs (status and outputs) with the
 * SDK's own SigV4 signer and credential chain, so it honours the same credentials, region and endpoint settings as
 * the other commands (AWS_ENDPOINT_URL_CLOUDFORMATION or AWS_ENDPOINT_URL for an emulator).
 */
import { createHash, createHmac } from 'crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** The stack's status and outputs; undefined from describeStack when it does not exist. */
export interface StackView {
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** SHA-256 (and HMAC-SHA-256 with a secret) for the signer, from Node's crypto. */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (d: Bytes): string | Uint8Array => (typeof d === 'string' ? d
  : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));

class Sha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  private readonly secret?: string | Uint8Array;
  constructor(secret?: Bytes) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash = this.fresh();
  }
  update(data: Bytes): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret !== undefined ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => XML_ENTITIES[e])
  .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));
const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescapeXml(m[1]) : undefined;
};

/** Parses a DescribeStacks response body (one stack). Exported for tests. */
export function parseDescribeStacks(xml: string): StackView | undefined {
  const stack = /<Stacks>\s*<member>([\s\S]*)<\/member>\s*<\/Stacks>/.exec(xml)?.[1];
  if (!stack) return undefined;
  const outputs: Record<string, string> = {};
  const block = /<Outputs>([\s\S]*?)<\/Outputs>/.exec(stack)?.[1] ?? '';
  for (const m of block.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
    const key = tag(m[1], 'OutputKey');
    if (key !== undefined) outputs[key] = tag(m[1], 'OutputValue') ?? '';
  }
  return { status: tag(stack, 'StackStatus') ?? 'UNKNOWN', outputs };
}

/** The service endpoint: an emulator's when set, else CloudFormation's regional one. */
function endpointFor(region: string, env: Readonly<Record<string, string | undefined>>): URL {
  const custom = env.AWS_ENDPOINT_URL_CLOUDFORMATION ?? env.AWS_ENDPOINT_URL;
  if (custom) return new URL(custom);
  return new URL(`https://cloudformation.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`);
}

/** An AWS error of DescribeStacks, with CloudFormation's code (e.g. AccessDenied, Throttling). */
export class CloudFormationError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
    this.name = code;
  }
}

export async function describeStack(stackName: string, region: string,
  env: Readonly<Record<string, string | undefined>>): Promise<StackView | undefined> {
  const url = endpointFor(region, env);
  const body = new URLSearchParams({ Action: 'DescribeStacks', StackName: stackName, Version: '2010-05-15' }).toString();
  const signer = new SignatureV4({ service: 'cloudformation', region, credentials: defaultProvider(), sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined,
    path: url.pathname || '/', query: {}, body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: url.host },
  });
  const response = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  const text = await response.text();
  if (response.ok) return parseDescribeStacks(text);
  const code = tag(text, 'Code') ?? `HTTP ${response.status}`;
  const message = tag(text, 'Message') ?? text.slice(0, 200);
  // CloudFormation answers a missing stack with ValidationError "Stack with id X does not exist".
  if (code === 'ValidationError' && /does not exist/.test(message)) return undefined;
  throw new CloudFormationError(code, `DescribeStacks ${stackName}: ${code}: ${message}`);
}
