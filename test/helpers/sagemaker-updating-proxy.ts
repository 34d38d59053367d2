/**
 * A local HTTP proxy in front of moto_server that emulates what moto lacks for the rollout lifecycle (moto applies a
 * weight order at once, has no UpdateEndpoint, answers DescribeStacks only for its own stacks, and never runs a state
 * machine). Everything else is forwarded to moto unchanged. Intercepted, per endpoint:
 * - UpdateEndpointWeightsAndCapacities: INSTANT forwards it; SLOW keeps it pending (the endpoint Updating on the old
 *   weights) for `describesToSettle` DescribeEndpoint reads or `settleAfterMs`, then forwards it; REFUSED refuses each
 *   order twice first, then SLOW; STUCK refuses every order. Meanwhile orders get SageMaker's ValidationException
 *   "Cannot update in-progress endpoint".
 * - UpdateEndpoint (moto has none): the new EndpointConfigName takes effect after the same settle, the live weights
 *   kept when RetainAllVariantProperties is true (CloudFormation's update with a VariantRollout), else the new
 *   configuration's initial weights are ordered.
 * - DescribeEndpoint: EndpointStatus Updating and the old config while anything is pending.
 * - DescribeStacks: the stack status the test sets. StartExecution: an error the test sets (e.g. throttled).
 * - DescribeExecution: the outcome the test gives an execution it ended (moto would say ABORTED for a stop).
 * - Lambda Invoke (asynchronous): queued for the test to run (moto would need Docker to run a function).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export type OrderMode = 'INSTANT' | 'SLOW' | 'REFUSED' | 'STUCK';

export interface AwsErrorAnswer {
  readonly type: string;
  readonly message: string;
  readonly status?: number;
}

export interface AsyncInvocation {
  readonly functionName: string;
  readonly payload: string;
}

interface Pending {
  /** A weight order not yet forwarded to moto (its raw JSON body). */
  order?: string;
  /** An UpdateEndpoint in progress. */
  config?: { name: string; retain: boolean };
  readsLeft: number;
  since: number;
}

interface EndpointState {
  /** The configuration the endpoint runs, as UpdateEndpoint set it (undefined: moto's own). */
  configName?: string;
  pending?: Pending;
  refusalsLeft: number;
}

const REFUSALS_PER_ORDER = 2;

export class SageMakerUpdatingProxy {
  static async start(motoEndpoint: string): Promise<SageMakerUpdatingProxy> {
    const p = new SageMakerUpdatingProxy(new URL(motoEndpoint));
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    return p;
  }

  orderMode: OrderMode = 'INSTANT';
  describesToSettle = 2;
  /** A pending update also settles once this much real time passed (checked on the endpoint's next request). */
  settleAfterMs = 1500;
  /** What DescribeStacks answers for any stack (undefined: forwarded to moto). */
  stackStatus: string | undefined;
  /** StartExecution's answer while set. */
  startExecutionError: AwsErrorAnswer | undefined;
  /** Orders refused as in progress, and orders taken. */
  ordersRefused = 0;
  ordersTaken = 0;
  readonly asyncInvocations: AsyncInvocation[] = [];
  /** Execution ARN → the status DescribeExecution reports (the test ended the execution). */
  readonly executionOutcomes = new Map<string, string>();
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch((e) => answer(res, 500, 'text/plain', String(e)));
  });

  private constructor(private readonly moto: URL) {}

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forwards every pending order and configuration now (an order in flight lands). */
  async settleAll(): Promise<void> {
    for (const [name, s] of this.endpoints) if (s.pending) await this.land(name, s);
  }

  /** The configuration an emulated UpdateEndpoint gave the endpoint (undefined: moto's own). */
  configOf(endpointName: string): string | undefined {
    return this.endpoints.get(endpointName)?.configName;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target ? target.split('.').pop()! : new URLSearchParams(body).get('Action') ?? '';
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    if (invoke && req.headers['x-amz-invocation-type'] === 'Event') {
      this.asyncInvocations.push({ functionName: decodeURIComponent(invoke[1]), payload: body });
      return answer(res, 202, 'application/json', '');
    }
    if (target.startsWith('SageMaker.')) {
      const handled = await this.sagemaker(action, JSON.parse(body || '{}'), res);
      if (handled) return;
    }
    if (action === 'DescribeStacks' && this.stackStatus && !target) return this.describeStacks(new URLSearchParams(body), res);
    if (target === 'AWSStepFunctions.StartExecution' && this.startExecutionError) {
      return awsError(res, 'application/x-amz-json-1.0', this.startExecutionError);
    }
    const out = await this.forward(req.method ?? 'POST', req.url ?? '/', req.headers, body);
    if (target === 'AWSStepFunctions.DescribeExecution' && out.status === 200) {
      const exec = JSON.parse(out.body);
      const outcome = this.executionOutcomes.get(exec.executionArn);
      if (outcome) return answer(res, 200, out.contentType, JSON.stringify({ ...exec, status: outcome }));
    }
    return answer(res, out.status, out.contentType, out.body);
  }

  /** True when the SageMaker call was answered here. */
  private async sagemaker(action: string, input: Record<string, any>, res: http.ServerResponse): Promise<boolean> {
    const name = String(input.EndpointName ?? '');
    const s = this.state(name);
    if (s.pending && Date.now() - s.pending.since >= this.settleAfterMs) await this.land(name, s);
    if (action === 'DescribeEndpoint') {
      if (s.pending && --s.pending.readsLeft <= 0) await this.land(name, s);
      const out = await this.call('DescribeEndpoint', { EndpointName: name });
      if (out.status !== 200) return false;
      const view = JSON.parse(out.body);
      const updating = s.pending !== undefined || this.orderMode === 'STUCK';
      answer(res, 200, JSON_11, JSON.stringify({ ...view, ...(s.configName ? { EndpointConfigName: s.configName } : {}),
        ...(updating ? { EndpointStatus: 'Updating' } : {}) }));
      return true;
    }
    if (action === 'UpdateEndpointWeightsAndCapacities') {
      const refuse = this.orderMode === 'STUCK' || s.pending !== undefined || (this.orderMode === 'REFUSED' && s.refusalsLeft-- > 0);
      if (refuse) {
        this.ordersRefused++;
        awsError(res, JSON_11, inProgress(name));
        return true;
      }
      s.refusalsLeft = REFUSALS_PER_ORDER;
      this.ordersTaken++;
      if (this.orderMode === 'INSTANT') return false;
      const known = await this.call('DescribeEndpoint', { EndpointName: name });
      if (known.status !== 200) return false; // moto's own error for an unknown endpoint
      s.pending = { order: JSON.stringify(input), readsLeft: this.describesToSettle, since: Date.now() };
      answer(res, 200, JSON_11, JSON.stringify({ EndpointArn: JSON.parse(known.body).EndpointArn }));
      return true;
    }
    if (action === 'UpdateEndpoint') {
      const known = await this.call('DescribeEndpoint', { EndpointName: name });
      if (known.status !== 200) return false;
      if (s.pending || this.orderMode === 'STUCK') {
        awsError(res, JSON_11, inProgress(name));
        return true;
      }
      s.pending = { config: { name: input.EndpointConfigName, retain: input.RetainAllVariantProperties === true },
        readsLeft: this.describesToSettle, since: Date.now() };
      answer(res, 200, JSON_11, JSON.stringify({ EndpointArn: JSON.parse(known.body).EndpointArn }));
      return true;
    }
    return false;
  }

  /** The pending order or configuration takes effect in moto. */
  private async land(name: string, s: EndpointState): Promise<void> {
    const p = s.pending!;
    s.pending = undefined;
    if (p.order) await this.call('UpdateEndpointWeightsAndCapacities', JSON.parse(p.order));
    if (p.config) {
      s.configName = p.config.name;
      if (!p.config.retain) {
        const cfg = JSON.parse((await this.call('DescribeEndpointConfig', { EndpointConfigName: p.config.name })).body);
        await this.call('UpdateEndpointWeightsAndCapacities', { EndpointName: name,
          DesiredWeightsAndCapacities: cfg.ProductionVariants.map((v: any) => ({ VariantName: v.VariantName, DesiredWeight: v.InitialVariantWeight ?? 1 })) });
      }
    }
  }

  private state(name: string): EndpointState {
    let s = this.endpoints.get(name);
    if (!s) this.endpoints.set(name, s = { refusalsLeft: REFUSALS_PER_ORDER });
    return s;
  }

  private describeStacks(params: URLSearchParams, res: http.ServerResponse): void {
    const id = params.get('StackName') ?? 'stack';
    const name = id.startsWith('arn:') ? id.split('/')[1] : id;
    answer(res, 200, 'text/xml', `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
<DescribeStacksResult><Stacks><member><StackId>${xml(id)}</StackId><StackName>${xml(name)}</StackName>
<CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>${xml(this.stackStatus!)}</StackStatus></member></Stacks>
</DescribeStacksResult><ResponseMetadata><RequestId>emulated</RequestId></ResponseMetadata></DescribeStacksResponse>`);
  }

  /** A SageMaker call straight to moto (the proxy's own reads and the landing of orders). */
  private call(action: string, input: unknown) {
    return this.forward('POST', '/', { 'content-type': JSON_11, 'x-amz-target': `SageMaker.${action}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0' },
    JSON.stringify(input));
  }

  private forward(method: string, url: string, headers: http.IncomingHttpHeaders, body: string) {
    return new Promise<{ status: number; contentType: string; body: string }>((resolve, reject) => {
      const req = http.request({ host: this.moto.hostname, port: this.moto.port, method, path: url,
        headers: { ...headers, host: this.moto.host, 'content-length': Buffer.byteLength(body) } }, (res) => {
        readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, contentType: String(res.headers['content-type'] ?? ''), body: b }), reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

const JSON_11 = 'application/x-amz-json-1.1';

/** SageMaker's answer to an order while the endpoint is Updating (ValidationException, HTTP 400). */
function inProgress(endpointName: string): AwsErrorAnswer {
  return { type: 'ValidationException',
    message: `Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/${endpointName.toLowerCase()}".` };
}

function awsError(res: http.ServerResponse, contentType: string, e: AwsErrorAnswer): void {
  res.setHeader('x-amzn-ErrorType', e.type);
  answer(res, e.status ?? 400, contentType, JSON.stringify({ __type: e.type, Message: e.message }));
}

function answer(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': 'emulated', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(s: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
  });
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
