import { Duration, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { HookOutputSpec, HookPayloadSpec, HookValueSpec } from '../../contracts/hook-check';
import { MAX_INLINE_HOOK_PAYLOAD_CHARS } from '../../contracts/hook-check';

/** One sample request of a RequestHook, sent as is to the candidate variant. */
export interface RequestHookPayload {
  /** The request body (UTF-8), e.g. a CSV row or a JSON document your model accepts. */
  readonly body: string;
  /**
   * Name in the hook's report.
   * @default 'payload-<n>'
   */
  readonly name?: string;
  /**
   * Content type of this request.
   * @default - the hook's `contentType`
   */
  readonly contentType?: string;
  /**
   * Accept header of this request.
   * @default - none
   */
  readonly accept?: string;
}

/** Options of a RequestHook. */
export interface RequestHookOptions {
  /**
   * Content type of the payloads that name none.
   * @default 'text/csv'
   */
  readonly contentType?: string;
  /**
   * What every answer must look like, beside HTTP 200 within `maxLatency`.
   * @default HookOutputCheck.anyAnswer()
   */
  readonly expectedOutput?: HookOutputCheck;
  /**
   * Slowest acceptable round trip of one request.
   * @default Duration.seconds(2)
   */
  readonly maxLatency?: Duration;
}

/** A check of one value picked from a JSON answer (HookOutputCheck.jsonPath). */
export class HookValueCheck {
  /** The value is present and not null. */
  public static exists(): HookValueCheck {
    return new HookValueCheck({ kind: 'exists' });
  }

  /** The value, as a string, equals `value` (e.g. '1', 'setosa', 'true'). */
  public static isEqualTo(value: string): HookValueCheck {
    return new HookValueCheck({ kind: 'equals', value });
  }

  /** The value is a number (or numeric string) within [min, max]. */
  public static between(min: number, max: number): HookValueCheck {
    if (!Token.isUnresolved(min) && !Token.isUnresolved(max) && !(min <= max)) {
      throw new Error(`HookValueCheck.between: min ${min} is above max ${max}; give min <= max.`);
    }
    return new HookValueCheck({ kind: 'between', min, max });
  }

  /** The value, as a string, matches the regular expression `pattern`. */
  public static matches(pattern: string): HookValueCheck {
    checkRegex('HookValueCheck.matches', pattern);
    return new HookValueCheck({ kind: 'matches', pattern });
  }

  /** @internal */
  public readonly _spec: HookValueSpec;

  private constructor(spec: HookValueSpec) {
    this._spec = spec;
  }
}

/** What a RequestHook expects of every answer of the candidate. */
export class HookOutputCheck {
  /** Any answer with HTTP 200 within the latency budget (nothing assumed about the model's output). */
  public static anyAnswer(): HookOutputCheck {
    return new HookOutputCheck({ kind: 'any' });
  }

  /** The trimmed body matches the regular expression `pattern`. */
  public static regex(pattern: string): HookOutputCheck {
    checkRegex('HookOutputCheck.regex', pattern);
    return new HookOutputCheck({ kind: 'regex', pattern });
  }

  /**
   * The body is one number, within [min, max] when given (e.g. a probability: `HookOutputCheck.number(0, 1)`).
   * @param min smallest acceptable value (default: no lower bound)
   * @param max largest acceptable value (default: no upper bound)
   */
  public static number(min?: number, max?: number): HookOutputCheck {
    if (min !== undefined && max !== undefined && !Token.isUnresolved(min) && !Token.isUnresolved(max) && !(min <= max)) {
      throw new Error(`HookOutputCheck.number: min ${min} is above max ${max}; give min <= max.`);
    }
    return new HookOutputCheck({ kind: 'number', min, max });
  }

  /**
   * The body is JSON and the value at `path` passes `check`, e.g.
   * `HookOutputCheck.jsonPath('$.predictions[0].score', HookValueCheck.between(0, 1))`.
   * @param path a JSONPath of `$` followed by `.name`, `['name']` and `[index]` steps
   * @param check what the value must be
   */
  public static jsonPath(path: string, check: HookValueCheck): HookOutputCheck {
    if (!/^\$(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$/.test(path)) {
      throw new Error(`HookOutputCheck.jsonPath: path ${JSON.stringify(path)} is not supported; use $ followed by .name, ['name'] ` +
        'and [index] steps, e.g. $.predictions[0].score.');
    }
    return new HookOutputCheck({ kind: 'jsonPath', path, check: check._spec });
  }

  /** @internal */
  public readonly _spec: HookOutputSpec;

  private constructor(spec: HookOutputSpec) {
    this._spec = spec;
  }
}

/**
 * The library's request hook, configured per rollout: it sends your sample requests to the candidate variant only
 * (InvokeEndpoint with TargetVariant) before it takes traffic, and passes when every answer is HTTP 200 within
 * `maxLatency` and has the `expectedOutput` shape. Nothing is assumed about your model: you give the payloads.
 *
 * @example
 * new VariantRollout(this, 'Rollout', {
 *   endpoint,
 *   strategy: DeploymentStrategy.CANARY_10PERCENT_5MINUTES,
 *   requestHook: RequestHook.fromPayloads([{ body: '5.1,3.5,1.4,0.2' }], {
 *     contentType: 'text/csv',
 *     expectedOutput: HookOutputCheck.number(0, 1),
 *   }),
 * });
 */
export class RequestHook {
  /** Payloads given inline (at most about 3,000 characters of JSON in all: the Lambda environment's limit). */
  public static fromPayloads(payloads: RequestHookPayload[], options: RequestHookOptions = {}): RequestHook {
    if (payloads.length === 0) throw new Error('RequestHook.fromPayloads: payloads is empty; give at least one request.');
    payloads.forEach((p, i) => {
      if (typeof p.body !== 'string' || Token.isUnresolved(p.body)) {
        throw new Error(`RequestHook.fromPayloads: payloads[${i}].body must be a literal string (the request sent to the candidate).`);
      }
    });
    const json = JSON.stringify(payloads.map((p) => ({ name: p.name, body: p.body, contentType: p.contentType, accept: p.accept } satisfies HookPayloadSpec)));
    if (json.length > MAX_INLINE_HOOK_PAYLOAD_CHARS) {
      throw new Error(`RequestHook.fromPayloads: the payloads take ${json.length} characters of JSON; at most ` +
        `${MAX_INLINE_HOOK_PAYLOAD_CHARS} fit in the hook's environment. Put them in S3 as JSON Lines and use RequestHook.fromS3(bucket, key).`);
    }
    return new RequestHook(options, json, undefined);
  }

  /**
   * Payloads from a JSON Lines object in S3 (one `{ "body": ..., "name"?, "contentType"?, "accept"? }` per line); the
   * hook is granted read access to that object.
   */
  public static fromS3(bucket: s3.IBucket, key: string, options: RequestHookOptions = {}): RequestHook {
    if (!Token.isUnresolved(key) && (key === '' || key.startsWith('/'))) {
      throw new Error(`RequestHook.fromS3: key ${JSON.stringify(key)} must be an object key without a leading '/', e.g. 'hooks/samples.jsonl'.`);
    }
    return new RequestHook(options, undefined, { bucket, key });
  }

  /** @internal */
  public readonly _inlinePayloads?: string;
  /** @internal */
  public readonly _s3?: { readonly bucket: s3.IBucket; readonly key: string };
  /** @internal */
  public readonly _options: RequestHookOptions;

  private constructor(options: RequestHookOptions, inline: string | undefined, s3Object: { bucket: s3.IBucket; key: string } | undefined) {
    const latency = options.maxLatency;
    if (latency && !latency.isUnresolved() && !(latency.toMilliseconds() > 0)) {
      throw new Error(`RequestHook: maxLatency is ${latency.toHumanString()}; use a positive Duration, e.g. Duration.seconds(2).`);
    }
    this._options = options;
    this._inlinePayloads = inline;
    this._s3 = s3Object;
  }
}

function checkRegex(where: string, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  try {
    new RegExp(pattern);
  } catch (e) {
    throw new Error(`${where}: ${JSON.stringify(pattern)} is not a valid regular expression (${(e as Error).message}).`);
  }
}
